namespace GameOps.Grains.Schedules;

/// <param name="NextRunAt">The next cron time, in the schedule's zone; null when paused or the cron has no next time.</param>
/// <param name="ActiveRun">The run going on now, if any.</param>
/// <param name="LastRun">The last run that ended.</param>
/// <param name="CheckedAt">When the schedule last looked at the clock.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.ScheduleView")]
public sealed record ScheduleView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] ScheduleSpec Spec,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] DateTimeOffset? NextRunAt,
    [property: Id(6)] ScheduleRun? ActiveRun,
    [property: Id(7)] ScheduleRun? LastRun,
    [property: Id(8)] DateTimeOffset? CheckedAt);
