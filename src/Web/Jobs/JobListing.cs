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

    /// <summary>
    /// The jobs of this page (a first page read after <paramref name="shown"/>) that are not shown and not older than the
    /// newest shown: jobs created since the shown list was read. A shown job that no longer matches the filter (its state
    /// moved on) is missing from this page, so the newest shown job's time, not its place here, is the mark.
    /// </summary>
    public IReadOnlyList<JobView> NewerThan(IReadOnlyList<JobView> shown)
    {
        if (shown.Count == 0)
        {
            return Jobs;
        }

        var newest = shown.Max(j => j.CreatedAt);
        var shownIds = shown.Select(j => j.Id).ToHashSet();
        return [.. Jobs.Where(j => j.CreatedAt >= newest && !shownIds.Contains(j.Id))];
    }
}
