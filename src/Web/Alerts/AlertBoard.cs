using GameOps.Grains.Alerts;
using GameOps.Grains.Events;

namespace GameOps.Web.Alerts;

/// <summary>
/// The org's alerts as the page shows them, each list read a page at a time (<see cref="AlertShelf"/>) and kept current
/// by <see cref="AlertStateChanged"/> events: the events that arrive while a page is read are held and applied over it
/// (each carries the alert's new status whole).
/// </summary>
public sealed class AlertBoard
{
    /// <summary>How many alerts each list reads at a time.</summary>
    public const int PageSize = 50;

    private readonly List<AlertStateChanged> _held = [];
    private int _generation;
    private int _reading = 1;

    public AlertShelf Current { get; } = new();

    public AlertShelf Resolved { get; } = new();

    public bool IsLoading { get; private set; } = true;

    public AlertShelf Shelf(AlertList list) => list == AlertList.Current ? Current : Resolved;

    /// <summary>A read of both lists' first pages begins; a page of "more" still being read is dropped when it comes.</summary>
    public void BeginLoad()
    {
        _generation++;
        _reading = 1;

        // Older than what the read will find.
        _held.Clear();
        IsLoading = true;
    }

    public void EndLoad(AlertPageView current, AlertPageView resolved)
    {
        Current.Reset(current);
        Resolved.Reset(resolved);
        IsLoading = false;
        EndRead();
    }

    /// <summary>A read of a list's next page begins; pass what this returns to <see cref="EndMore"/>.</summary>
    public int BeginMore()
    {
        _reading++;
        return _generation;
    }

    /// <param name="page">The page read; null when the read failed.</param>
    public void EndMore(int generation, AlertList list, AlertPageView? page)
    {
        if (generation != _generation)
        {
            return;
        }

        if (page is not null)
        {
            Shelf(list).Append(page);
        }

        EndRead();
    }

    /// <summary>Applies an event; true when it changed what the board shows.</summary>
    public bool Apply(OrgEvent orgEvent)
    {
        if (orgEvent is not AlertStateChanged changed)
        {
            return false;
        }

        if (_reading > 0)
        {
            _held.Add(changed);
            return false;
        }

        if (changed.Status is not { } status)
        {
            // Cleared while Pending: no trace is kept.
            return Current.Remove(changed.AlertId) | Resolved.Remove(changed.AlertId);
        }

        var known = Current.Find(changed.AlertId) ?? Resolved.Find(changed.AlertId);
        var alert = new AlertView(
            changed.AlertId, changed.RuleId, changed.RuleName, changed.AlertKind, changed.HostId, changed.Subject, status, changed.Detail,
            status == AlertStatus.Pending ? changed.At : known?.Since ?? changed.At,
            status == AlertStatus.Firing ? changed.At : known?.FiredAt,
            status == AlertStatus.Resolved ? changed.At : null,
            (known?.TimesFired ?? 0) + (status == AlertStatus.Firing ? 1 : 0));
        var (to, from) = status == AlertStatus.Resolved ? (Resolved, Current) : (Current, Resolved);
        return from.Remove(alert.Id) | to.Put(alert);
    }

    private void EndRead()
    {
        if (--_reading > 0)
        {
            return;
        }

        foreach (var held in _held)
        {
            Apply(held);
        }

        _held.Clear();
    }
}
