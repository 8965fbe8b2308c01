namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.ScheduleRunOutcome")]
public enum ScheduleRunOutcome
{
    Running = 0,
    Succeeded = 1,

    /// <summary>A step failed (a job failed, a wait timed out); the steps after it did not run.</summary>
    Failed = 2,

    /// <summary>The run went on past the schedule's run timeout.</summary>
    TimedOut = 3,

    Cancelled = 4,

    /// <summary>Not run: the previous run still went on, or a restart found players online.</summary>
    Skipped = 5,

    /// <summary>Came due while no silo ran the schedule, and the missed-run policy did not run it.</summary>
    Missed = 6,

    /// <summary>Its silo stopped during the run and the interrupted-run policy ended it.</summary>
    Aborted = 7,
}
