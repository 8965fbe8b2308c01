namespace GameOps.Grains.Schedules;

/// <summary>
/// Every run of every schedule of the retention period, newest first. Runs are stored by the grain storage with the
/// state write of the schedule grain that claimed, advanced or ended them (<see cref="IScheduleRunsState"/>), never on
/// their own.
/// </summary>
public interface IScheduleRunLedger
{
    /// <summary>One page of one schedule's runs, newest start first.</summary>
    Task<ScheduleRunPage> ListAsync(ScheduleRunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the runs that ended before <paramref name="cutoff"/>, never one still going on; returns how many.</summary>
    Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
