namespace GameOps.Grains.GameServers;

[GenerateSerializer, Immutable]
[Alias("GameOps.HealthReport")]
public sealed record HealthReport(
    [property: Id(0)] ServerHealth Health,
    [property: Id(1)] string? Detail,
    [property: Id(2)] DateTimeOffset CheckedAt);
