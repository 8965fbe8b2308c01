using System.Collections.Immutable;
using GameOps.Grains.Alerts;

namespace GameOps.Web.Alerts;

/// <summary>
/// One of the alerts page's lists, read a page at a time in the API's order (by id). An alert an event brings is shown
/// when its id falls within what was read; one after it comes with the next page, so none is shown twice.
/// </summary>
public sealed class AlertShelf
{
    private string? _lastRead;

    public ImmutableList<AlertView> Alerts { get; private set; } = [];

    /// <summary>Reads the next page; null when everything was read.</summary>
    public string? NextCursor { get; private set; }

    public void Reset(AlertPageView page)
    {
        Alerts = [];
        _lastRead = null;
        Append(page);
    }

    /// <summary>Adds the next page; an alert an event already brought is replaced by the page's (events held meanwhile go over it).</summary>
    public void Append(AlertPageView page)
    {
        foreach (var alert in page.Alerts)
        {
            Put(alert, force: true);
        }

        if (page.Alerts.Count > 0)
        {
            _lastRead = page.Alerts[^1].Id;
        }

        NextCursor = page.NextCursor;
    }

    public AlertView? Find(string alertId) => Alerts.Find(a => a.Id == alertId);

    /// <summary>Shows the alert in its place when it falls within what was read; true when the shelf changed.</summary>
    public bool Put(AlertView alert, bool force = false)
    {
        var index = Alerts.FindIndex(a => a.Id == alert.Id);
        if (index >= 0)
        {
            Alerts = Alerts.SetItem(index, alert);
            return true;
        }

        if (!force && NextCursor is not null && string.CompareOrdinal(alert.Id, _lastRead) > 0)
        {
            return false;
        }

        var at = Alerts.FindIndex(a => string.CompareOrdinal(a.Id, alert.Id) > 0);
        Alerts = at < 0 ? Alerts.Add(alert) : Alerts.Insert(at, alert);
        return true;
    }

    public bool Remove(string alertId)
    {
        var index = Alerts.FindIndex(a => a.Id == alertId);
        if (index < 0)
        {
            return false;
        }

        Alerts = Alerts.RemoveAt(index);
        return true;
    }
}
