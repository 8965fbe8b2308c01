using System.Net.Http.Headers;

namespace GameOps.TestSupport;

/// <summary>A Server-Sent Events client over a real HTTP response, read message by message, each read with a timeout.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly List<SseMessage> _seen = [];
    private bool _timedOut;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Every message read so far, in order.</summary>
    public IReadOnlyList<SseMessage> Seen => _seen;

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream; the response's headers are in when this returns.</summary>
    /// <param name="lastEventId">Sent as <c>Last-Event-ID</c>, as a browser does when it reconnects; null sends none.</param>
    public static async Task<SseClient> OpenAsync(HttpClient client, string path, TimeSpan timeout, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var deadline = new CancellationTokenSource(timeout);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        return new SseClient(response, new StreamReader(body));
    }

    /// <summary>Reads the next message; fails with what was seen when none comes within <paramref name="timeout"/>.</summary>
    /// <remarks>A timed-out read aborts the HTTP response (HttpClient ends a connection whose read is cancelled): no read after it can succeed.</remarks>
    public async Task<SseMessage> ReadAsync(TimeSpan timeout)
    {
        if (_timedOut)
        {
            throw new InvalidOperationException($"An earlier read timed out, which aborted the response; open a new client. Seen: {string.Join(" | ", _seen)}");
        }

        using var deadline = new CancellationTokenSource(timeout);
        string? eventName = null, data = null, comment = null, id = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _timedOut = true;
                throw new TimeoutException($"No SSE message within {timeout}; seen: {string.Join(" | ", _seen)}");
            }

            if (line is null)
            {
                throw new EndOfStreamException($"The SSE stream ended; seen: {string.Join(" | ", _seen)}");
            }

            if (line.Length == 0)
            {
                if (eventName is null && data is null && comment is null && id is null)
                {
                    continue;
                }

                var message = new SseMessage(eventName, data, comment, id);
                _seen.Add(message);
                return message;
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line["id:".Length..].Trim();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = data is null ? line["data:".Length..].TrimStart() : data + "\n" + line["data:".Length..].TrimStart();
            }
        }
    }

    /// <summary>Reads messages until one matches, within <paramref name="timeout"/> in all.</summary>
    public async Task<SseMessage> ReadUntilAsync(Func<SseMessage, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var message = await ReadAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (match(message))
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
