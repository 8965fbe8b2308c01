using GameOps.Grains.Jobs;

namespace GameOps.Grains.Events;

/// <summary>A job entered a new state; <see cref="Error"/> says why one that ended did not succeed.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobStateChanged")]
public sealed record JobStateChanged(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string HostId,
    [property: Id(2)] string? ServerId,
    [property: Id(3)] string Action,
    [property: Id(4)] JobState State,
    [property: Id(5)] string? Error)
    : OrgEvent(OrgId, At, Sequence, Actor);
