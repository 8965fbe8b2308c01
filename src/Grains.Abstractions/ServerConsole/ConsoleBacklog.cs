using System.Collections.Immutable;

namespace GameOps.Grains.ServerConsole;

/// <summary>What a server's console still holds after a given number.</summary>
/// <param name="Lines">The held lines after the number asked for, oldest first.</param>
/// <param name="LastSequence">The highest number stored, held or not (0 when none ever was).</param>
/// <param name="Missed">How many numbers after the one asked for are no longer held (older than the ring's oldest line).</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ConsoleBacklog")]
public sealed record ConsoleBacklog(
    [property: Id(0)] ImmutableArray<ConsoleLine> Lines,
    [property: Id(1)] ulong LastSequence,
    [property: Id(2)] ulong Missed)
{
    /// <summary>
    /// The highest number a reader that asked for the lines after <paramref name="after"/> has now accounted for: the last
    /// held line it was given, or, when none was held, the numbers told as missed.
    /// </summary>
    public ulong LastToldAfter(ulong after) =>
        Lines.IsEmpty ? Math.Max(after, Math.Min(after + Missed, LastSequence)) : Lines[^1].Sequence;
}
