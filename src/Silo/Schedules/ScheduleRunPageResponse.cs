namespace GameOps.Silo.Schedules;

/// <summary>One page of a schedule's runs, newest start first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ScheduleRunPageResponse(IReadOnlyList<ScheduleRunResponse> Runs, string? NextCursor);
