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
    /// The jobs of this page (a first page read after <paramref name="shown"/>) that came to match since the shown list was
    /// read: those not shown, created since, or created earlier and come into the filtered state since (a running job that
    /// failed, for a filter on Failed). When older pages are still unread (<paramref name="allShown"/> false), a job older
    /// than the oldest shown is left to Older jobs: it may only have moved up as shown jobs left the filtered state.
    /// </summary>
    public IReadOnlyList<JobView> NewerThan(IReadOnlyList<JobView> shown, bool allShown)
    {
        if (shown.Count == 0)
        {
            return Jobs;
        }

        var oldest = shown.Min(j => j.CreatedAt);
        var shownIds = shown.Select(j => j.Id).ToHashSet();
        return [.. Jobs.Where(j => !shownIds.Contains(j.Id) && (allShown || j.CreatedAt >= oldest))];
    }
}
