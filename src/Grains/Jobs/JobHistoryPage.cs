namespace GameOps.Grains.Jobs;

/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record JobHistoryPage(IReadOnlyList<JobView> Jobs, JobHistoryCursor? Next);
