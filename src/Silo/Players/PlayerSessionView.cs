namespace GameOps.Silo.Players;

/// <summary>One stay of a player on a game server.</summary>
/// <param name="EndedAt">null while the player is online.</param>
/// <param name="DurationSeconds">From start to end, in seconds; null while the player is online.</param>
/// <param name="StartReconciled">The start is the time of a probe that listed a player no join line announced.</param>
/// <param name="EndReconciled">The end is the time of a probe that no longer listed the player (or of their next join): their leave line was missed.</param>
public sealed record PlayerSessionView(
    Guid SessionId,
    string PlayerName,
    string? PlayerId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSeconds,
    bool StartReconciled,
    bool EndReconciled);
