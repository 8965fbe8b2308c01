using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GameOps.Bench.Jobs;

/// <summary>
/// One REST caller submitting <paramref name="batchSize"/> <c>players.list</c> jobs per request to a random host
/// (<c>POST /api/v1/hosts/{id}/jobs:batch?wait=25</c>) and waiting in the same request for all of them to finish.
/// </summary>
public sealed class BatchJobCaller(HttpClient client, IReadOnlyList<string> hostIds, int batchSize, int waitSeconds) : IJobSubmitter
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly byte[] Succeeded = Encoding.UTF8.GetBytes("\"state\":\"Succeeded\"");

    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        $$"""{"jobs":[{{string.Join(",", Enumerable.Repeat("""{"serverId":"main","action":"players.list"}""", batchSize))}}]}""");

    private readonly Random _random = new();
    private readonly Uri[] _uris = hostIds
        .Select(id => new Uri($"/api/v1/hosts/{id}/jobs:batch?wait={waitSeconds}", UriKind.Relative))
        .ToArray();

    public int JobsPerCall => batchSize;

    public Queue<string> Answered { get; } = new();

    public async ValueTask<bool> CreateAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync(_uris[_random.Next(_uris.Length)], content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.Created && (waitSeconds == 0 || Count(body, Succeeded) == batchSize);
    }

    private static int Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> part)
    {
        var count = 0;
        for (var at = text.IndexOf(part); at >= 0; at = text.IndexOf(part))
        {
            count++;
            text = text[(at + part.Length)..];
        }

        return count;
    }
}
