namespace GameOps.Grains.GameServers;

[GenerateSerializer, Immutable]
[Alias("GameOps.RateLimitSpec")]
public sealed record RateLimitSpec(
    [property: Id(0)] string Action,
    [property: Id(1)] int Burst,
    [property: Id(2)] double PerMinute);
