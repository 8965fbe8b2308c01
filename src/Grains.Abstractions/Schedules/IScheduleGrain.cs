using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>
/// One schedule of an org, keyed by <see cref="ScheduleKeys.For"/>: its cron time in a zone, its steps, and its runs.
/// A reminder wakes it each minute, a timer drives the seconds inside a run, and every run is claimed with a durable
/// write before any step (docs/adr/0029).
/// </summary>
[Alias("GameOps.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule, or replaces its spec; <see cref="ArgumentException"/> when the spec is not valid.</summary>
    [Alias("Save")]
    Task<ScheduleView> SaveAsync(ScheduleSpec spec, Actor savedBy);

    /// <summary>The schedule, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<ScheduleView?> GetAsync();

    /// <summary>Deletes the schedule; a run going on is cancelled. False when it did not exist.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(Actor deletedBy);

    /// <summary>The next <paramref name="count"/> cron times after <paramref name="from"/> (now when null), in the schedule's zone.</summary>
    [Alias("Preview")]
    Task<ImmutableArray<DateTimeOffset>> PreviewAsync(int count, DateTimeOffset? from = null);

    /// <summary>Starts a run now; null when the schedule does not exist, a run with <see cref="ScheduleRunOutcome.Skipped"/> when one goes on.</summary>
    [Alias("RunNow")]
    Task<ScheduleRun?> RunNowAsync(Actor requestedBy);

    /// <summary>
    /// Runs <paramref name="spec"/>'s steps once, now, as a one-off: the grain keeps the spec paused (no cron run) and is
    /// not listed with the org's schedules, but the run is taken, recorded, announced and cancelled as any schedule's, and
    /// resumed after its silo stops. A run with <see cref="ScheduleRunOutcome.Skipped"/> when one goes on;
    /// <see cref="ArgumentException"/> when the spec is not valid; <see cref="InvalidOperationException"/> on a grain
    /// holding a listed schedule.
    /// </summary>
    [Alias("RunOnce")]
    Task<ScheduleRun> RunOnceAsync(ScheduleSpec spec, Actor requestedBy);

    /// <summary>Cancels the run going on: no further step or announcement; jobs already sent are left to end.</summary>
    [Alias("CancelRun")]
    Task<CancelRunOutcome> CancelRunAsync(Guid runId, Actor cancelledBy);

    /// <summary>The latest runs this grain keeps, newest first (the ledger keeps all of the retention period).</summary>
    [Alias("ListRecentRuns")]
    Task<ImmutableArray<ScheduleRun>> ListRecentRunsAsync();
}
