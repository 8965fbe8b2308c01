using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Tests;

/// <summary>An agent stream that takes whatever the host sends and does nothing with it.</summary>
internal sealed class NullAgent : IAgentObserver
{
    public Task AssignJobAsync(AgentJob job) => Task.CompletedTask;

    public Task AssignJobsAsync(ImmutableArray<AgentJob> jobs) => Task.CompletedTask;

    public Task CancelJobAsync(Guid jobId) => Task.CompletedTask;

    public Task UpdatePolicyAsync(string serverId, ServerPolicySpec? narrowing) => Task.CompletedTask;

    public Task CloseAsync(string reason) => Task.CompletedTask;

    public Task RevokeAsync() => Task.CompletedTask;

    public Task WatchConsoleAsync(string serverId, TimeSpan lease) => Task.CompletedTask;

    public Task ReportEveryHeartbeatAsync(TimeSpan duration) => Task.CompletedTask;
}
