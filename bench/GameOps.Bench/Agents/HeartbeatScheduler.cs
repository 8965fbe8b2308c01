using System.Diagnostics;

namespace GameOps.Bench.Agents;

/// <summary>
/// Sends every agent's heartbeat once per period, each agent at its own random phase, so the silo sees a steady
/// stream (N / period heartbeats a second) rather than N at once. One loop drives all agents in 10 ms slots; agents
/// not connected yet are skipped, so it can start before they connect, as real agents heartbeat from their Hello on.
/// </summary>
public sealed class HeartbeatScheduler
{
    private static readonly TimeSpan Slot = TimeSpan.FromMilliseconds(10);

    private readonly List<SimulatedAgent>[] _slots;
    private readonly Action<SimulatedAgent, DateTime>? _sent;
    private long _heartbeats;
    private long _failures;

    /// <param name="sent">Told of every heartbeat written, with its timestamp (for sampling).</param>
    public HeartbeatScheduler(IReadOnlyList<SimulatedAgent> agents, TimeSpan period, Action<SimulatedAgent, DateTime>? sent = null)
    {
        _sent = sent;
        var count = Math.Max(1, (int)(period / Slot));
        _slots = Enumerable.Range(0, count).Select(_ => new List<SimulatedAgent>()).ToArray();

        // Shuffled round-robin: every slot gets the same number of agents, in random order.
        var order = agents.ToArray();
        Random.Shared.Shuffle(order);
        for (var i = 0; i < order.Length; i++)
        {
            _slots[i % count].Add(order[i]);
        }
    }

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public long Failures => Interlocked.Read(ref _failures);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long done = 0;
        using var timer = new PeriodicTimer(Slot);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Catch up on slots a late tick skipped, so no agent misses a beat.
                var due = (long)(Stopwatch.GetElapsedTime(start) / Slot);
                for (; done < due; done++)
                {
                    foreach (var agent in _slots[done % _slots.Length])
                    {
                        _ = BeatAsync(agent);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task BeatAsync(SimulatedAgent agent)
    {
        try
        {
            if (await agent.HeartbeatAsync() is { } sentAt)
            {
                Interlocked.Increment(ref _heartbeats);
                _sent?.Invoke(agent, sentAt);
            }
        }
        catch (Exception exception) when (exception is Grpc.Core.RpcException or InvalidOperationException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
