using GameOps.Grains.Schedules;

namespace GameOps.Grains.Events;

/// <summary>A step of a schedule's run ended.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleRunStepEnded")]
public sealed record ScheduleRunStepEnded(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] Guid ScheduleId,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] ScheduleStepRecord Step)
    : OrgEvent(OrgId, At, Sequence, Actor);
