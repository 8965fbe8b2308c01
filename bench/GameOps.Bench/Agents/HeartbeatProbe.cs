using System.Collections.Concurrent;
using System.Net.Http.Json;
using GameOps.Bench.Measurement;
using GameOps.Grains.Hosts;
using GameOps.TestSupport;

namespace GameOps.Bench.Agents;

/// <summary>
/// Heartbeat lag seen from the load generator, needing nothing from the silo but its public API: for a sample of
/// agents, two seconds after each heartbeat it reads the host (<c>GET /api/v1/hosts/{id}</c>), whose
/// <c>lastHeartbeatAt</c> is when the host grain processed the newest heartbeat it heard of. That minus the heartbeat's
/// own <c>sent_at</c> (same machine, same clock) is the whole path: the stream, the gateway and the grain call. The
/// gateway may pass on only some heartbeats: a read that finds an older one counts as not passed on.
/// </summary>
public sealed class HeartbeatProbe
{
    private static readonly TimeSpan ReadAfter = TimeSpan.FromSeconds(2);

    private readonly HashSet<string> _sampled;
    private readonly ConcurrentQueue<(string HostId, DateTime SentAt, DateTime ReadAt)> _pending = new();
    private readonly LatencyHistogram _lag = new();
    private readonly Lock _lock = new();
    private volatile bool _recording;
    private long _missed;
    private long _reads;
    private long _notPassedOn;

    public HeartbeatProbe(IEnumerable<string> sampledHostIds) => _sampled = [.. sampledHostIds];

    /// <summary>Heartbeats whose host had a newer one two seconds later, or none (no agent connected), or could not be read.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>Heartbeats whose host showed an older heartbeat two seconds later: the gateway kept them.</summary>
    public long NotPassedOn => Interlocked.Read(ref _notPassedOn);

    /// <summary>API reads the probe started, to tell its share of the silo's work from the heartbeats'.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public LatencyHistogram Lag
    {
        get
        {
            lock (_lock)
            {
                var copy = new LatencyHistogram();
                copy.Add(_lag);
                return copy;
            }
        }
    }

    /// <summary>Starts or stops sampling: only heartbeats sent while recording count.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>Give to <see cref="HeartbeatScheduler"/>.</summary>
    public void OnSent(SimulatedAgent agent, DateTime sentAt)
    {
        if (_recording && _sampled.Contains(agent.HostId))
        {
            _pending.Enqueue((agent.HostId, sentAt, sentAt + ReadAfter));
        }
    }

    public async Task RunAsync(HttpClient api, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var reads = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                while (_pending.TryPeek(out var next) && next.ReadAt <= DateTime.UtcNow && _pending.TryDequeue(out var item))
                {
                    reads.Add(ReadAsync(api, item.HostId, item.SentAt, cancellationToken));
                }

                reads.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }

        await Task.WhenAll(reads).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ReadAsync(HttpClient api, string hostId, DateTime sentAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        try
        {
            var host = await api.GetFromJsonAsync<HostView>($"/api/v1/hosts/{hostId}", GameOpsApi.Json, cancellationToken);
            var processedAt = host?.LastHeartbeatAt?.UtcDateTime;

            // A newer heartbeat than ours cannot have been processed before ours: only equal-period reads count.
            if (processedAt is { } at && at >= sentAt && at - sentAt < ReadAfter)
            {
                lock (_lock)
                {
                    _lag.Record((long)(at - sentAt).TotalMicroseconds);
                }
            }
            else if (processedAt is { } older && older < sentAt)
            {
                Interlocked.Increment(ref _notPassedOn);
            }
            else
            {
                Interlocked.Increment(ref _missed);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _missed);
        }
    }
}
