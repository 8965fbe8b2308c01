using GameOps.Grains.Schedules;

namespace GameOps.Web.Schedules;

/// <param name="NextCursor">Where the next (older) page starts; null on the last page.</param>
public sealed record ScheduleRunsPage(IReadOnlyList<ScheduleRun> Runs, string? NextCursor);
