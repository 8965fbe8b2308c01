using System.Collections.Immutable;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Silo.Api;

namespace GameOps.Silo.Alerts;

/// <summary>
/// The org's alerts a page at a time, for <c>GET /api/v1/alerts</c> and the web console's alerts page alike: ordered by
/// id (rule, then subject) alone, since an alert's status and times change while it is paged and its id never does. The
/// alert grain answers the page itself (<see cref="IAlertGrain.PageAlertsAsync"/>), so a read carries one page.
/// </summary>
public static class AlertListing
{
    /// <summary>The alerts the console shows under "Now": pending or firing.</summary>
    public static readonly ImmutableArray<AlertStatus> Current = [AlertStatus.Pending, AlertStatus.Firing];

    /// <summary>The alerts the console's overview shows.</summary>
    public static readonly ImmutableArray<AlertStatus> Firing = [AlertStatus.Firing];

    /// <summary>The alerts the console shows under "Resolved".</summary>
    public static readonly ImmutableArray<AlertStatus> Resolved = [AlertStatus.Resolved];

    // The time in this list's cursors: its order has none.
    private static readonly DateTimeOffset ByIdAlone = DateTimeOffset.UnixEpoch;

    /// <summary>The page of the org's alerts whose status is in <paramref name="statuses"/> (every alert when null), and the next page's cursor.</summary>
    public static async Task<(AlertView[] Alerts, string? NextCursor)> PageAsync(
        IGrainFactory grains, string orgId, ImmutableArray<AlertStatus>? statuses, ListPage page)
    {
        // A cursor with another time was not given out by this list; as ListPage places it, it falls before every alert or
        // after them all.
        if (page.AfterId is not null && page.AfterAt > ByIdAlone)
        {
            return ([], null);
        }

        var afterId = page.AfterAt == ByIdAlone ? page.AfterId : null;
        var read = await grains.GetGrain<IAlertGrain>(orgId).PageAlertsAsync(new AlertPageQuery(afterId, page.Limit, statuses));
        return ([.. read.Alerts], read.HasMore ? KeysetCursorText.EncodeTextId(ByIdAlone, read.Alerts[^1].Id) : null);
    }
}
