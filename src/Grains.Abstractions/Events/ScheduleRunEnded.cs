using GameOps.Grains.Schedules;

namespace GameOps.Grains.Events;

/// <summary>A schedule's run ended (also a run recorded without running: skipped or missed).</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleRunEnded")]
public sealed record ScheduleRunEnded(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] Guid ScheduleId,
    [property: Id(1)] string ScheduleName,
    [property: Id(2)] Guid RunId,
    [property: Id(3)] ScheduleRunOutcome Outcome,
    [property: Id(4)] string? Detail)
    : OrgEvent(OrgId, At, Sequence, Actor);
