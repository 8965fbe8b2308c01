using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>How one step of a run ended, and the jobs it made.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleStepRecord")]
public sealed record ScheduleStepRecord(
    [property: Id(0)] int Index,
    [property: Id(1)] ScheduleStepKind Kind,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset EndedAt,
    [property: Id(4)] ScheduleStepOutcome Outcome,
    [property: Id(5)] string? Detail,
    [property: Id(6)] ImmutableArray<Guid> JobIds);
