namespace GameOps.Grains.Schedules;

/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record ScheduleRunPage(IReadOnlyList<ScheduleRun> Runs, ScheduleRunCursor? Next);
