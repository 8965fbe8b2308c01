namespace GameOps.Grains.Players;

/// <summary>
/// One stay of a player on a game server: from the join (or the probe that first listed them) to the leave (or the
/// probe that no longer listed them); <see cref="EndedAt"/> is null while they are online.
/// </summary>
/// <param name="StartReconciled">The start is the time of a probe that listed a player no join line announced.</param>
/// <param name="EndReconciled">The end is the time of a probe that no longer listed the player: their leave line was missed.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.PlayerSession")]
public sealed record PlayerSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string HostId,
    [property: Id(3)] string ServerId,
    [property: Id(4)] string PlayerName,
    [property: Id(5)] string? PlayerId,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] DateTimeOffset? EndedAt = null,
    [property: Id(8)] bool StartReconciled = false,
    [property: Id(9)] bool EndReconciled = false)
{
    /// <summary>How long the session lasted; null while it goes on.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;
}
