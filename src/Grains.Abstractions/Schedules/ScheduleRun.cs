using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>One run of a schedule as the ledger keeps it: when, why, how each step ended, the jobs it made.</summary>
/// <param name="ScheduledFor">The cron time it ran for; the time it was asked for when run by hand.</param>
/// <param name="EndedAt">Null while it runs.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleRun")]
public sealed record ScheduleRun(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] string OrgId,
    [property: Id(2)] Guid ScheduleId,
    [property: Id(3)] ScheduleRunTrigger Trigger,
    [property: Id(4)] DateTimeOffset ScheduledFor,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? EndedAt,
    [property: Id(7)] ScheduleRunOutcome Outcome,
    [property: Id(8)] ImmutableArray<ScheduleStepRecord> Steps,
    [property: Id(9)] Actor RequestedBy,
    [property: Id(10)] string? Detail = null)
{
    /// <summary>Every job the run made, in step order.</summary>
    public ImmutableArray<Guid> JobIds => [.. Steps.SelectMany(s => s.JobIds)];
}
