using GameOps.Grains.GameServers;

namespace GameOps.Grains.Events;

/// <summary>A game server's health (as its agent's probe found it) or the detail of it changed.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.GameServerHealthChanged")]
public sealed record GameServerHealthChanged(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string ServerName,
    [property: Id(3)] ServerHealth Health,
    [property: Id(4)] ServerHealth PreviousHealth,
    [property: Id(5)] string? Detail)
    : OrgEvent(OrgId, At, Sequence, Actor), IOrgStateEvent;
