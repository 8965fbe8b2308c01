namespace GameOps.Grains.Schedules;

[GenerateSerializer]
[Alias("GameOps.ScheduleRunTrigger")]
public enum ScheduleRunTrigger
{
    /// <summary>Its cron time came.</summary>
    Cron = 0,

    /// <summary>Someone asked for it (run now).</summary>
    Manual = 1,

    /// <summary>A missed run, run on recovery by the missed-run policy.</summary>
    Recovery = 2,
}
