namespace GameOps.Grains.Schedules;

/// <summary>What happens to a run its silo stopped in the middle of (a crash, a restart) when the schedule is back.</summary>
[GenerateSerializer]
[Alias("GameOps.InterruptedRunPolicy")]
public enum InterruptedRunPolicy
{
    /// <summary>The run goes on where it was: a countdown at its next mark; marks that passed meanwhile are not announced.</summary>
    Resume = 0,

    /// <summary>The run ends as Aborted.</summary>
    Abort = 1,
}
