using GameOps.Grains.Jobs;

namespace GameOps.Web.Jobs;

/// <summary>One page of jobs, newest first; <see cref="NextCursor"/> reads the next, null on the last page.</summary>
public sealed record JobListing(IReadOnlyList<JobView> Jobs, string? NextCursor);
