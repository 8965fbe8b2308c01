using GameOps.Grains.Alerts;

namespace GameOps.Silo.Alerts;

/// <param name="ForSeconds">How long the condition must hold before the alert fires; 0 fires at once, absent is <see cref="AlertEndpoints.DefaultForSeconds"/>.</param>
/// <param name="HostId">Watch only this host (and its game servers); every host of the org when absent.</param>
/// <param name="Paused">A paused rule watches nothing until it is changed back; absent is false.</param>
public sealed record CreateAlertRuleRequest(string? Name, AlertKind? Kind, int? ForSeconds, string? HostId, bool? Paused = null);
