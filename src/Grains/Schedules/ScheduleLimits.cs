namespace GameOps.Grains.Schedules;

/// <summary>The bounds a schedule's spec is checked against (<see cref="ScheduleRules"/>).</summary>
public static class ScheduleLimits
{
    public const int MaxNameLength = 100;
    public const int MaxTargets = 50;
    public const int MaxSteps = 20;
    public const int MaxMarks = 10;
    public const int MaxTextLength = 200;

    /// <summary>The longest countdown, wait or wait-until: a day.</summary>
    public const int MaxSeconds = 24 * 60 * 60;

    public const int MaxDeferMinutes = 24 * 60;

    /// <summary>How many cron times one preview may ask for.</summary>
    public const int MaxPreview = 100;

    /// <summary>How many runs a schedule grain keeps in its own state; the ledger keeps every run of the retention period.</summary>
    public const int RecentRuns = 20;

    public static readonly TimeSpan MinRunTimeout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxRunTimeout = TimeSpan.FromDays(1);
    public static readonly TimeSpan DefaultRunTimeout = TimeSpan.FromHours(2);

    /// <summary>The restart countdown's marks when a step names none: 15 min, 5 min, 1 min, 10 s.</summary>
    public static readonly IReadOnlyList<int> DefaultMarks = [900, 300, 60, 10];

    public const string DefaultCountdownText = "Server restart in {remaining}.";

    /// <summary>How long a restarted server may take to answer again when a step does not say.</summary>
    public const int DefaultRestartTimeoutSeconds = 600;
}
