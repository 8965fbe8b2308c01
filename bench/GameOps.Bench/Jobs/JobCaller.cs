using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GameOps.Bench.Jobs;

/// <summary>
/// One REST caller creating <c>players.list</c> jobs on random hosts and waiting in the same request for each to
/// finish (<c>?wait=25</c>): create, dispatch to the agent, the agent's answer, stored, answered.
/// </summary>
/// <param name="phases">Told of every answer, to time where a sample of the jobs' round trips went.</param>
public sealed class JobCaller(HttpClient client, IReadOnlyList<string> hostIds, int waitSeconds, JobPhases? phases = null) : IJobSubmitter
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"serverId":"main","action":"players.list"}""");
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly byte[] Succeeded = Encoding.UTF8.GetBytes("\"state\":\"Succeeded\"");

    private readonly Random _random = new();
    private readonly Uri[] _uris = hostIds
        .Select(id => new Uri($"/api/v1/hosts/{id}/jobs?wait={waitSeconds}", UriKind.Relative))
        .ToArray();

    public int JobsPerCall => 1;

    public Queue<string> Answered { get; } = new();

    public async ValueTask<bool> CreateAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(Body);
        content.Headers.ContentType = Json;
        var sent = DateTime.UtcNow.Ticks;
        using var response = await client.PostAsync(_uris[_random.Next(_uris.Length)], content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var received = DateTime.UtcNow.Ticks;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return false;
        }

        // Waiting callers need the job finished; wait=0 callers only its creation.
        if (waitSeconds > 0 && body.AsSpan().IndexOf(Succeeded) < 0)
        {
            return false;
        }

        phases?.Offer(sent, received, body);

        if (response.Headers.Location is { } location)
        {
            Answered.Enqueue(location.OriginalString);
            if (Answered.Count > 16)
            {
                Answered.Dequeue();
            }
        }

        return true;
    }
}
