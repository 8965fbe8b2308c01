namespace GameOps.Grains.Events;

/// <summary>A player died on a game server, as its console announced.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.PlayerDied")]
public sealed record PlayerDied(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string PlayerName)
    : OrgEvent(OrgId, At, Sequence, Actor);
