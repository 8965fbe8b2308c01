using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>Lines of one game server stored together, in order, as published on its console stream.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ConsoleBatch")]
public sealed record ConsoleBatch(
    [property: Id(0)] string ServerKey,
    [property: Id(1)] ImmutableArray<ConsoleLine> Lines);
