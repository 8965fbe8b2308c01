namespace GameOps.Grains.Schedules;

/// <summary>What happens when a run comes due while the schedule's previous run still goes on: never two at once.</summary>
[GenerateSerializer]
[Alias("GameOps.OverlapPolicy")]
public enum OverlapPolicy
{
    /// <summary>The new run is recorded as skipped.</summary>
    Skip = 0,

    /// <summary>The new run starts when the running one ends (one waits at most; later ones are skipped).</summary>
    Wait = 1,
}
