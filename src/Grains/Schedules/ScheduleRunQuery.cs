namespace GameOps.Grains.Schedules;

/// <summary>Which runs of one schedule to list.</summary>
/// <param name="After">The page's start: runs older than this position; null for the newest.</param>
public sealed record ScheduleRunQuery(string OrgId, Guid ScheduleId, int Limit, ScheduleRunCursor? After = null);
