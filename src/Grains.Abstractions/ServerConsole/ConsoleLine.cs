namespace GameOps.Grains.ServerConsole;

/// <summary>
/// One numbered entry of a game server's console: a line as its agent read it, or a gap marker
/// (<see cref="Dropped"/> above 0) standing for lines the agent had to drop, numbered up to <see cref="Sequence"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ConsoleLine")]
public sealed record ConsoleLine(
    [property: Id(0)] ulong Sequence,
    [property: Id(1)] DateTimeOffset ReadAt,
    [property: Id(2)] string Text,
    [property: Id(3)] bool Cut,
    [property: Id(4)] ulong Dropped)
{
    public bool IsGap => Dropped > 0;

    /// <summary>
    /// The lowest number this entry accounts for: its own, or for a gap marker the first of the lines it stands for, so
    /// a reader that has everything below it has no hole.
    /// </summary>
    public ulong FirstTold => IsGap ? Sequence - Math.Min(Dropped, Sequence) + 1 : Sequence;
}
