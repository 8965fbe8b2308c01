using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;

namespace GameOps.Silo.Tests.Api;

/// <summary>An agent connection that takes whatever the host grain sends it and does nothing with it.</summary>
public sealed class SilentAgent : IAgentObserver
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
