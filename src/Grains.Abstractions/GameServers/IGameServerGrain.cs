using Orleans.Concurrency;

namespace GameOps.Grains.GameServers;

/// <summary>One game server, keyed by <c>{hostId}/{serverId}</c> (see <see cref="GameServerKeys"/>).</summary>
[Alias("GameOps.IGameServerGrain")]
public interface IGameServerGrain : IGrainWithStringKey
{
    /// <summary>Records what the host's agent declared about this server in its Hello.</summary>
    [Alias("Declare")]
    Task<GameServerView> DeclareAsync(string orgId, GameServerDescriptor descriptor);

    [Alias("Get")]
    Task<GameServerView?> GetAsync();

    /// <summary>
    /// The effective policy the agent last reported (null when none), for the host's grain, which keeps it to check
    /// jobs against. Interleaves: a read that the host's grain may ask for while this grain waits for the host's.
    /// </summary>
    [AlwaysInterleave]
    [Alias("GetEffectivePolicy")]
    Task<ServerPolicySpec?> GetEffectivePolicyAsync();

    /// <summary>Records the agent's latest health probe; the state is written only when it changes.</summary>
    [Alias("ReportHealth")]
    Task ReportHealthAsync(HealthReport report);

    /// <summary>
    /// Stores the control plane's narrowing of this server's policy (null lifts it) and sends it to the agent when it
    /// is connected; the agent answers with the effective policy.
    /// </summary>
    [Alias("SetPolicy")]
    Task<GameServerView> SetPolicyAsync(ServerPolicySpec? narrowing, Actor setBy);

    /// <summary>Records the effective policy the agent reported: the host's own, narrowed by the last narrowing it received.</summary>
    [Alias("ReportEffectivePolicy")]
    Task ReportEffectivePolicyAsync(ServerPolicySpec effective);
}
