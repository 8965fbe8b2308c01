using GameOps.Grains.Jobs;

namespace GameOps.Web.Jobs;

/// <summary>One page of jobs, newest first; <see cref="NextCursor"/> reads the next, null on the last page.</summary>
public sealed record JobListing(IReadOnlyList<JobView> Jobs, string? NextCursor)
{
    /// <summary>
    /// Whether a listed job in <paramref name="shown"/> takes an event's <paramref name="reported"/> state: a job moves
    /// forward only and a finished one never changes, so an event older than the page read is passed over.
    /// </summary>
    public static bool Advances(JobState shown, JobState reported) =>
        !JobStates.IsFinished(shown) && (JobStates.IsFinished(reported) || reported > shown);
}
