using GameOps.Grains.Jobs;

namespace GameOps.Silo.Jobs;

/// <summary>One page of jobs, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, string? NextCursor);
