using System.Collections.Immutable;
using System.Threading.Channels;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Tests;

/// <summary>An agent stream that records the jobs the host sends it and whether the host closed it.</summary>
internal sealed class RecordingAgent : IAgentObserver
{
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<AgentJob> Received { get; } = Channel.CreateUnbounded<AgentJob>();

    /// <summary>Completes with the host's reason when it closes this stream.</summary>
    public Task<string> Closed => _closed.Task;

    public Task AssignJobAsync(AgentJob job)
    {
        Received.Writer.TryWrite(job);
        return Task.CompletedTask;
    }

    private int _batchCalls;

    /// <summary>How many times the host sent a batch's jobs in one call.</summary>
    public int BatchCalls => Volatile.Read(ref _batchCalls);

    public Task AssignJobsAsync(ImmutableArray<AgentJob> jobs)
    {
        Interlocked.Increment(ref _batchCalls);
        foreach (var job in jobs)
        {
            Received.Writer.TryWrite(job);
        }

        return Task.CompletedTask;
    }

    public Channel<Guid> Cancels { get; } = Channel.CreateUnbounded<Guid>();

    public Task CancelJobAsync(Guid jobId)
    {
        Cancels.Writer.TryWrite(jobId);
        return Task.CompletedTask;
    }

    /// <summary>The policy narrowings the host passed on, by server id.</summary>
    public Channel<(string ServerId, ServerPolicySpec? Narrowing)> Policies { get; } = Channel.CreateUnbounded<(string, ServerPolicySpec?)>();

    public Task UpdatePolicyAsync(string serverId, ServerPolicySpec? narrowing)
    {
        Policies.Writer.TryWrite((serverId, narrowing));
        return Task.CompletedTask;
    }

    public Task CloseAsync(string reason)
    {
        _closed.TrySetResult(reason);
        return Task.CompletedTask;
    }

    private readonly TaskCompletionSource _revoked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the host ends this stream because its credential no longer opens the host.</summary>
    public Task Revoked => _revoked.Task;

    public Task RevokeAsync()
    {
        _revoked.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>The console watches the host passed on: server id and lease.</summary>
    public Channel<(string ServerId, TimeSpan Lease)> ConsoleWatches { get; } = Channel.CreateUnbounded<(string, TimeSpan)>();

    public Task WatchConsoleAsync(string serverId, TimeSpan lease)
    {
        ConsoleWatches.Writer.TryWrite((serverId, lease));
        return Task.CompletedTask;
    }

    /// <summary>How long the host asked, each time, for every heartbeat of this stream.</summary>
    public Channel<TimeSpan> EveryHeartbeatRequests { get; } = Channel.CreateUnbounded<TimeSpan>();

    public Task ReportEveryHeartbeatAsync(TimeSpan duration)
    {
        EveryHeartbeatRequests.Writer.TryWrite(duration);
        return Task.CompletedTask;
    }
}
