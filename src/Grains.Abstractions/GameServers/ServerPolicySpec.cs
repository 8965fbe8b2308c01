using System.Collections.Immutable;

namespace GameOps.Grains.GameServers;

/// <summary>
/// A game server's safety policy as the control plane keeps it: the narrowing it sends to the agent, or the effective
/// policy the agent reported back. The same rules as the agent's config file (docs/agent.md); the agent evaluates them.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ServerPolicySpec")]
public sealed record ServerPolicySpec(
    [property: Id(0)] bool RestrictsActions,
    [property: Id(1)] ImmutableArray<string> AllowedActions,
    [property: Id(2)] bool ReadOnly,
    [property: Id(3)] ImmutableArray<ArgumentLimitSpec> ArgumentLimits,
    [property: Id(4)] ImmutableArray<string> ConsoleDenyPatterns,
    [property: Id(5)] ImmutableArray<RateLimitSpec> RateLimits);
