using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// One batch of console lines as its SSE clients receive it, encoded once per silo, with the lines themselves for the
/// web console's circuits, which render them rather than send them on.
/// </summary>
public sealed record ConsoleFrames(ImmutableArray<ConsoleFrame> Lines, ImmutableArray<ConsoleLine> Source);
