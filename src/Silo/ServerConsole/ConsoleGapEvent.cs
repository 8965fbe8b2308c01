namespace GameOps.Silo.ServerConsole;

/// <summary>The data of a <c>gap</c> event: the agent dropped this many lines, numbered up to <see cref="Sequence"/>, before it could send them.</summary>
public sealed record ConsoleGapEvent(ulong Sequence, DateTimeOffset ReadAt, ulong Dropped);
