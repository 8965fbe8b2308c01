using System.Collections.Immutable;

namespace GameOps.Silo.ServerConsole;

/// <summary>One batch of console lines as its SSE clients receive it, encoded once per silo.</summary>
public sealed record ConsoleFrames(ImmutableArray<ConsoleFrame> Lines);
