namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.CancelRunOutcome")]
public enum CancelRunOutcome
{
    Cancelled = 0,

    /// <summary>No run with this id goes on (it ended, or never was).</summary>
    NotRunning = 1,
}
