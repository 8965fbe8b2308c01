using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.Alerts;

/// <summary>How alert grains evaluate their rules; bound from <c>GameOps:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "GameOps:Alerts";

    /// <summary>How often an org with pending alerts checks whether one has waited its rule's <c>For</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "GameOps:Alerts:EvaluationPeriod must be between 50 ms and 1 minute.")]
    public TimeSpan EvaluationPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an org with rules asks its hosts and servers for their state, which catches an observation lost
    /// in a crash and wakes the org's alerts after a restart. Orleans reminders tick at most once a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "GameOps:Alerts:ReconcilePeriod must be between 1 minute and 1 day.")]
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many resolved alerts an org keeps as history.</summary>
    [Range(0, 10_000, ErrorMessage = "GameOps:Alerts:ResolvedHistory must be between 0 and 10000.")]
    public int ResolvedHistory { get; set; } = 100;
}
