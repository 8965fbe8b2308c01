using GameOps.Grains.Alerts;

namespace GameOps.Web.Alerts;

/// <param name="HostId">Only this host and its game servers; every host of the org when null.</param>
/// <param name="ForSeconds">How long the condition must hold before the alert fires.</param>
/// <param name="Paused">Watches nothing until changed back.</param>
public sealed record NewAlertRule(string Name, AlertKind Kind, string? HostId, int ForSeconds, bool Paused = false);
