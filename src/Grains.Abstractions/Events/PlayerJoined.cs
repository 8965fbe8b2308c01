namespace GameOps.Grains.Events;

/// <summary>A player joined a game server (its console said so, or a probe listed a player no line announced: <see cref="Reconciled"/>).</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.PlayerJoined")]
public sealed record PlayerJoined(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string PlayerName,
    [property: Id(3)] string? PlayerId,
    [property: Id(4)] Guid SessionId,
    [property: Id(5)] bool Reconciled)
    : OrgEvent(OrgId, At, Sequence, Actor);
