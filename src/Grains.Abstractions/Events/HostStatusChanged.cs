using GameOps.Grains.Hosts;

namespace GameOps.Grains.Events;

/// <summary>A host was registered (<see cref="PreviousStatus"/> null, status Pending), or went Online, Degraded or Offline.</summary>
/// <param name="Reason">Why it is not Online, when known; null when it is.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostStatusChanged")]
public sealed record HostStatusChanged(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string HostName,
    [property: Id(2)] HostStatus Status,
    [property: Id(3)] HostStatus? PreviousStatus,
    [property: Id(4)] string? Reason)
    : OrgEvent(OrgId, At, Sequence, Actor), IOrgStateEvent;
