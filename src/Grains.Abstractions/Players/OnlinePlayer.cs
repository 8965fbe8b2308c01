namespace GameOps.Grains.Players;

/// <summary>A player online on a game server now, in the session that began at <see cref="Since"/>.</summary>
/// <param name="Reconciled">The session was opened by a probe that listed the player, not by a join line.</param>
/// <param name="PlayerId">The game's id for the player in this session (entity id, client id); null when unknown.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.OnlinePlayer")]
public sealed record OnlinePlayer(
    [property: Id(0)] string Name,
    [property: Id(1)] string? PlayerId,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] Guid SessionId,
    [property: Id(4)] bool Reconciled = false);
