using System.Text.Json;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// N clients of <c>GET /api/v1/events</c>, each on its own HTTP/1.1 connection, counting the events they receive; the
/// first <see cref="TimedClients"/> also time each from its <c>at</c> (the silo's clock, the same machine's) to its
/// arrival, so parsing a thousand clients' JSON does not take the two cores the silo needs.
/// </summary>
internal sealed class SseAudience : IAsyncDisposable
{
    private const int TimedClients = 20;

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private readonly LatencyHistogram _delivery = new();
    private readonly LatencyHistogram _deliveryAfterPublish = new();
    private readonly Lock _gate = new();
    private long _events;
    private bool _recording;

    private SseAudience(HttpClient client) => _client = client;

    public long Events => Interlocked.Read(ref _events);

    public static async Task<SseAudience> OpenAsync(HttpClient client, int count)
    {
        var audience = new SseAudience(client);
        var subscribed = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscribed.Add(ready.Task);
            var timed = i < TimedClients;
            audience._readers.Add(Task.Run(() => audience.ReadAsync(ready, timed)));
        }

        await Task.WhenAll(subscribed).WaitAsync(TimeSpan.FromSeconds(120));
        return audience;
    }

    /// <summary>Counts and times events from now on.</summary>
    public void StartRecording()
    {
        Interlocked.Exchange(ref _events, 0);
        Volatile.Write(ref _recording, true);
    }

    public double DeliveryPercentileMilliseconds(double quantile)
    {
        lock (_gate)
        {
            return _delivery.PercentileMilliseconds(quantile);
        }
    }

    /// <summary>
    /// The same for the events whose <c>at</c> is when they were published: all but <c>AuditEntryWritten</c>, whose
    /// <c>at</c> is when its change was made, before the storage write that precedes the publish.
    /// </summary>
    public double DeliveryAfterPublishPercentileMilliseconds(double quantile)
    {
        lock (_gate)
        {
            return _deliveryAfterPublish.PercentileMilliseconds(quantile);
        }
    }

    private async Task ReadAsync(TaskCompletionSource ready, bool timed)
    {
        try
        {
            await using var stream = await _client.GetStreamAsync("/api/v1/events", _stop.Token);
            using var reader = new StreamReader(stream);
            var auditEntry = false;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(": subscribed", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    auditEntry = line.AsSpan(7).SequenceEqual("AuditEntryWritten");
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && Volatile.Read(ref _recording))
                {
                    Interlocked.Increment(ref _events);
                    if (timed && JsonDocument.Parse(line.AsMemory(6)).RootElement.TryGetProperty("at", out var at) && at.GetDateTimeOffset() is var sent)
                    {
                        var micros = (long)(DateTimeOffset.UtcNow - sent).TotalMicroseconds;
                        lock (_gate)
                        {
                            _delivery.Record(Math.Max(0, micros));
                            if (!auditEntry)
                            {
                                _deliveryAfterPublish.Record(Math.Max(0, micros));
                            }
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        _stop.Dispose();
    }
}
