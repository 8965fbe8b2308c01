namespace GameOps.Grains.Schedules;

/// <summary>
/// A grain state whose writes carry the runs they started, advanced or ended; the storage upserts them into the run
/// ledger in the state's own transaction (as audit entries, docs/adr/0020), so the ledger never disagrees with the
/// claim a run was started under.
/// </summary>
public interface IScheduleRunsState
{
    /// <summary>Runs changed and not yet written; not part of the stored state, emptied once written.</summary>
    List<ScheduleRun> UnwrittenRuns { get; }
}
