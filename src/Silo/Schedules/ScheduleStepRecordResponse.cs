using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

public sealed record ScheduleStepRecordResponse(
    int Index,
    ScheduleStepKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    ScheduleStepOutcome Outcome,
    string? Detail,
    IReadOnlyList<Guid> JobIds);
