using GameOps.Grains.Alerts;

namespace GameOps.Web.Alerts;

/// <summary>One page of a list of alerts, by id (rule, then subject), as <c>GET /api/v1/alerts</c> pages them.</summary>
/// <param name="NextCursor">Reads the next page; null on the last.</param>
public sealed record AlertPageView(IReadOnlyList<AlertView> Alerts, string? NextCursor);
