using System.Collections.Immutable;

namespace GameOps.Grains.GameServers;

[GenerateSerializer, Immutable]
[Alias("GameOps.ArgumentLimitSpec")]
public sealed record ArgumentLimitSpec(
    [property: Id(0)] string Action,
    [property: Id(1)] string Argument,
    [property: Id(2)] int? MaxLength,
    [property: Id(3)] ImmutableArray<string> Patterns);
