using GameOps.Grains;
using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

/// <param name="ScheduledFor">The cron time it ran for (the time it was asked for, when run by hand).</param>
/// <param name="JobIds">Every job the run made, in step order.</param>
public sealed record ScheduleRunResponse(
    Guid RunId,
    Guid ScheduleId,
    ScheduleRunTrigger Trigger,
    DateTimeOffset ScheduledFor,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    ScheduleRunOutcome Outcome,
    string? Detail,
    IReadOnlyList<ScheduleStepRecordResponse> Steps,
    IReadOnlyList<Guid> JobIds,
    Actor RequestedBy)
{
    public static ScheduleRunResponse From(ScheduleRun run) => new(
        run.RunId, run.ScheduleId, run.Trigger, run.ScheduledFor, run.StartedAt, run.EndedAt, run.Outcome, run.Detail,
        [.. run.Steps.Select(s => new ScheduleStepRecordResponse(s.Index, s.Kind, s.StartedAt, s.EndedAt, s.Outcome, s.Detail, [.. s.JobIds]))],
        [.. run.JobIds], run.RequestedBy);
}
