using GameOps.Grains.Schedules;

namespace GameOps.Grains.Events;

/// <summary>A schedule's run began: its cron time came, someone ran it by hand, or a missed run ran on recovery.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleRunStarted")]
public sealed record ScheduleRunStarted(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] Guid ScheduleId,
    [property: Id(1)] string ScheduleName,
    [property: Id(2)] Guid RunId,
    [property: Id(3)] ScheduleRunTrigger Trigger,
    [property: Id(4)] DateTimeOffset ScheduledFor)
    : OrgEvent(OrgId, At, Sequence, Actor);
