using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.Schedules;

/// <summary>How schedules wake and run; bound from <c>GameOps:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "GameOps:Schedules";

    /// <summary>How often a run looks at the clock (the grain timer that drives its seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10", ErrorMessage = "GameOps:Schedules:RunTick must be between 00:00:00.010 and 00:00:10.")]
    public TimeSpan RunTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest an active, idle schedule sleeps before it looks at the clock again; it also wakes at its next cron
    /// time and on its reminder's minute tick.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "GameOps:Schedules:IdleWake must be between 00:00:00.010 and 00:01:00.")]
    public TimeSpan IdleWake { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A cron time found later than this after it came was missed (no silo ran the schedule): the missed-run policy decides.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "GameOps:Schedules:MissedAfter must be between 00:00:01 and 01:00:00.")]
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs that ended longer ago than this are deleted from the ledger.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "GameOps:Schedules:RunRetention must be between 1 day and 3650 days.")]
    public TimeSpan RunRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each silo deletes the runs past <see cref="RunRetention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "GameOps:Schedules:RunSweepInterval must be between 1 second and 1 day.")]
    public TimeSpan RunSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
