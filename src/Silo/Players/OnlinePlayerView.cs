namespace GameOps.Silo.Players;

/// <summary>A player online now.</summary>
/// <param name="PlayerId">The game's id for the player in this session (7 Days to Die entity id, Teeworlds client id); null when the game gave none.</param>
/// <param name="Since">When the session began: the join line, or the probe that first listed the player.</param>
/// <param name="Reconciled">True when no join line was seen and a probe listed the player: <see cref="Since"/> is that probe's time.</param>
public sealed record OnlinePlayerView(string Name, string? PlayerId, DateTimeOffset Since, Guid SessionId, bool Reconciled);
