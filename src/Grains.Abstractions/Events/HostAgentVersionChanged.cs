namespace GameOps.Grains.Events;

/// <summary>
/// A host's agent connected with another version than the host knew (<see cref="PreviousAgentVersion"/> null on its
/// first connection). Published whether or not the host's status changed: an agent replaced on a live stream keeps the
/// host Online.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostAgentVersionChanged")]
public sealed record HostAgentVersionChanged(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] string AgentVersion,
    [property: Id(2)] string? PreviousAgentVersion)
    : OrgEvent(OrgId, At, Sequence, Actor);
