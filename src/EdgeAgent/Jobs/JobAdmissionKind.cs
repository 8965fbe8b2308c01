namespace GameOps.EdgeAgent.Jobs;

/// <summary>What the journal says about an assignment that just arrived.</summary>
public enum JobAdmissionKind
{
    /// <summary>New: its "started" record is on disk, so run it now.</summary>
    Run,

    /// <summary>Already finished (or cut short by a restart): answer with the stored result, never run it again.</summary>
    AlreadyFinished,

    /// <summary>The same job is running right now: its result will follow once, from the run in progress.</summary>
    AlreadyRunning,
}
