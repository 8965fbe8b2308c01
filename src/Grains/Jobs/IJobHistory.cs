namespace GameOps.Grains.Jobs;

/// <summary>
/// Every job of the retention period, newest first, for listing by org, host or game server. Each job's row is
/// stored with the job's own state writes, so it is as current as the job's record.
/// </summary>
public interface IJobHistory
{
    /// <summary>One page of the jobs <paramref name="query"/> selects, newest first.</summary>
    Task<JobHistoryPage> ListAsync(JobHistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the jobs created before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
