namespace GameOps.Grains.Schedules;

/// <summary>What happens to runs that came due while no silo could run them (all silos were down).</summary>
[GenerateSerializer]
[Alias("GameOps.MissedRunPolicy")]
public enum MissedRunPolicy
{
    /// <summary>Missed runs are recorded as missed and not run.</summary>
    Skip = 0,

    /// <summary>The latest missed run runs once on recovery; earlier ones are recorded as missed.</summary>
    RunOnce = 1,
}
