using System.Collections.Immutable;
using GameOps.Grains.GameServers;
using Orleans.Concurrency;

namespace GameOps.Grains.Agents;

/// <summary>
/// The gateway's handle on one agent stream, registered with the host grain. Calls are one-way: a host
/// grain must never wait on an agent (a dead observer would block it for the call timeout); the agent
/// acknowledges over its stream instead.
/// </summary>
[Alias("GameOps.IAgentObserver")]
public interface IAgentObserver : IGrainObserver
{
    [OneWay]
    [Alias("AssignJob")]
    Task AssignJobAsync(AgentJob job);

    /// <summary>Sends a batch's jobs in order, as <see cref="AssignJobAsync"/> sends one: one call and one flush for all.</summary>
    [OneWay]
    [Alias("AssignJobs")]
    Task AssignJobsAsync(ImmutableArray<AgentJob> jobs);

    /// <summary>Asks the agent not to run the job; it answers Cancelled if it has not started it.</summary>
    [OneWay]
    [Alias("CancelJob")]
    Task CancelJobAsync(Guid jobId);

    /// <summary>Sends the control plane's narrowing of one server's policy (null: none) to the agent.</summary>
    [OneWay]
    [Alias("UpdatePolicy")]
    Task UpdatePolicyAsync(string serverId, ServerPolicySpec? narrowing);

    /// <summary>Ends the stream, e.g. because a newer stream of the same host replaced it.</summary>
    [OneWay]
    [Alias("Close")]
    Task CloseAsync(string reason);

    /// <summary>
    /// A silo's viewers watch server <paramref name="serverId"/>'s console: the lines this stream stores are published on
    /// its console stream for <paramref name="lease"/> from now (docs/adr/0032).
    /// </summary>
    [OneWay]
    [Alias("WatchConsole")]
    Task WatchConsoleAsync(string serverId, TimeSpan lease);

    /// <summary>
    /// Passes every heartbeat of this stream on to the host grain for <paramref name="duration"/>, rather than one every
    /// <c>HostHeartbeatRefresh</c>: the host weighs a second stream of its host against this one and must tell a silent
    /// stream from a live one.
    /// </summary>
    [OneWay]
    [Alias("ReportEveryHeartbeat")]
    Task ReportEveryHeartbeatAsync(TimeSpan duration);

    /// <summary>Ends the stream at once because the credential it was opened with no longer opens the host.</summary>
    [OneWay]
    [Alias("Revoke")]
    Task RevokeAsync();
}
