namespace GameOps.Grains.Players;

/// <summary>
/// What one console line of a game server says about a player: joined, left, chatted or died. Names are exactly as the
/// game printed them.
/// </summary>
/// <param name="PlayerId">The game's own id for the player in this session (7 Days to Die's entity id, Teeworlds' client id); null when the line has none.</param>
/// <param name="Text">A chat message's text.</param>
/// <param name="Channel">A chat message's channel as the game names it (<c>Global</c>, <c>Party</c>, <c>team</c>).</param>
/// <param name="Sequence">The number of the console line it was read from (0 until it is known).</param>
/// <param name="At">When the agent read that line (its <c>readAt</c>).</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.GameEvent")]
public sealed record GameEvent(
    [property: Id(0)] GameEventKind Kind,
    [property: Id(1)] string PlayerName,
    [property: Id(2)] string? PlayerId = null,
    [property: Id(3)] string? Text = null,
    [property: Id(4)] string? Channel = null,
    [property: Id(5)] ulong Sequence = 0,
    [property: Id(6)] DateTimeOffset At = default);
