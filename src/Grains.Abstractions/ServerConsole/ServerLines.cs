using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>Lines of one game server of a host, in the order its agent numbered them.</summary>
/// <param name="ServerId">The server's id on its host.</param>
/// <param name="Kind">The game kind its agent declared, whose parser reads player events out of the lines.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ServerLines")]
public sealed record ServerLines(
    [property: Id(0)] string ServerId,
    [property: Id(1)] string Kind,
    [property: Id(2)] ImmutableArray<ConsoleLine> Lines);
