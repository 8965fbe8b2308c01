using GameOps.Grains.Alerts;
using GameOps.Silo.Api;

namespace GameOps.Silo.Alerts;

/// <summary>
/// The org's alerts a page at a time, for <c>GET /api/v1/alerts</c> and the web console's alerts page alike: ordered by
/// id (rule, then subject) alone, since an alert's status and times change while it is paged and its id never does.
/// </summary>
public static class AlertListing
{
    /// <summary>The alerts the console shows under "Now": pending or firing.</summary>
    public static readonly IReadOnlySet<AlertStatus> Current = new HashSet<AlertStatus> { AlertStatus.Pending, AlertStatus.Firing };

    /// <summary>The alerts the console's overview shows.</summary>
    public static readonly IReadOnlySet<AlertStatus> Firing = new HashSet<AlertStatus> { AlertStatus.Firing };

    /// <summary>The alerts the console shows under "Resolved".</summary>
    public static readonly IReadOnlySet<AlertStatus> Resolved = new HashSet<AlertStatus> { AlertStatus.Resolved };

    /// <summary>The page of the org's alerts whose status is in <paramref name="statuses"/> (every alert when null), and the next page's cursor.</summary>
    public static async Task<(AlertView[] Alerts, string? NextCursor)> PageAsync(
        IGrainFactory grains, string orgId, IReadOnlySet<AlertStatus>? statuses, ListPage page)
    {
        var alerts = await grains.GetGrain<IAlertGrain>(orgId).ListAlertsAsync();
        AlertView[] ordered = [.. alerts.Where(a => statuses is null || statuses.Contains(a.Status)).OrderBy(a => a.Id, StringComparer.Ordinal)];
        return page.Of(ordered, a => a.Id, _ => DateTimeOffset.UnixEpoch);
    }
}
