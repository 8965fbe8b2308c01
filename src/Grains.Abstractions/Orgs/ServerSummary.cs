using GameOps.Grains.GameServers;

namespace GameOps.Grains.Orgs;

/// <summary>What an org's summary knows of one game server.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ServerSummary")]
public sealed record ServerSummary(
    [property: Id(0)] string ServerId,
    [property: Id(1)] string Name,
    [property: Id(2)] ServerHealth Health,
    [property: Id(3)] string? HealthDetail,
    [property: Id(4)] DateTimeOffset? HealthChangedAt);
