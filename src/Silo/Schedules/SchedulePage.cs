namespace GameOps.Silo.Schedules;

/// <summary>One page of the org's schedules, oldest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record SchedulePage(IReadOnlyList<ScheduleResponse> Schedules, string? NextCursor);
