namespace GameOps.Grains.Alerts;

/// <summary>
/// An org's alert rules and their alerts, keyed by org id. Grains that see a watched condition change tell it with
/// <see cref="ObserveAsync"/>; it also asks the org's hosts and servers itself when a rule is added and on a
/// reminder, so an observation lost in a crash delays an alert but never loses it.
/// </summary>
[Alias("GameOps.IAlertGrain")]
public interface IAlertGrain : IGrainWithStringKey
{
    [Alias("AddRule")]
    Task<AlertRule> AddRuleAsync(AddAlertRule request);

    [Alias("ListRules")]
    Task<IReadOnlyList<AlertRule>> ListRulesAsync();

    /// <summary>
    /// Changes a rule in place (its id, creation and alert history stay); null when the org has no such rule. A rule that
    /// watches something else now, or is paused, drops its alerts; one that watches the same keeps them, firing after its
    /// new duration.
    /// </summary>
    [Alias("UpdateRule")]
    Task<AlertRule?> UpdateRuleAsync(Guid ruleId, AddAlertRule request);

    /// <summary>Removes a rule and its alerts; false when the org has no such rule.</summary>
    [Alias("RemoveRule")]
    Task<bool> RemoveRuleAsync(Guid ruleId, Actor removedBy);

    /// <summary>
    /// A page of the alerts in id order (rule, then subject), which an alert keeps while its status and times change, so
    /// paging with the last id of each page lists none twice; read from the alerts kept in that order.
    /// </summary>
    [Alias("PageAlerts")]
    Task<AlertPageResult> PageAlertsAsync(AlertPageQuery query);

    /// <summary>
    /// Applies a grain's word that a condition changed. Grains send it without waiting for it (<c>Ignore()</c>), so
    /// a host never waits on its org's alerts; it is not <c>[OneWay]</c> so that a caller that needs to may wait.
    /// </summary>
    [Alias("Observe")]
    Task ObserveAsync(AlertObservation observation);
}
