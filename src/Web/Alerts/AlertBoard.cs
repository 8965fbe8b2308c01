using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Web.Shell;

namespace GameOps.Web.Alerts;

/// <summary>
/// The org's alerts as the page shows them, each list read a page at a time in the API's order (by id) and kept current
/// by <see cref="AlertStateChanged"/> events: the events that arrive while a page is read are held and applied over it
/// (each carries the alert's new status whole). An alert an event brings shows when its id falls within what was read;
/// one after it comes with the next page, so none is shown twice.
/// </summary>
public sealed class AlertBoard
{
    /// <summary>How many alerts each list reads at a time.</summary>
    public const int PageSize = 50;

    private readonly List<AlertStateChanged> _held = [];
    private int _generation;
    private int _reading = 1;

    /// <param name="read">Reads a page of a list from a cursor (null: the first).</param>
    public AlertBoard(Func<AlertList, string?, Task<ConsolePage<AlertView>>> read)
    {
        Current = new PagedList<AlertView>(cursor => read(AlertList.Current, cursor), a => a.Id, addedAt: null);
        Resolved = new PagedList<AlertView>(cursor => read(AlertList.Resolved, cursor), a => a.Id, addedAt: null);
    }

    public PagedList<AlertView> Current { get; }

    public PagedList<AlertView> Resolved { get; }

    public bool IsLoading { get; private set; } = true;

    public PagedList<AlertView> List(AlertList list) => list == AlertList.Current ? Current : Resolved;

    /// <summary>A read of both lists' first pages is about to begin: events from now on are held until it is in.</summary>
    public void BeginLoad()
    {
        _generation++;
        _reading = 1;

        // Older than what the read will find.
        _held.Clear();
        IsLoading = true;
    }

    public async Task LoadAsync()
    {
        var generation = _generation;
        try
        {
            await Current.ReadFirstAsync();
            await Resolved.ReadFirstAsync();
            IsLoading = false;
        }
        finally
        {
            EndRead(generation);
        }
    }

    /// <summary>Reads a list's next page; one a load began during is dropped by the list.</summary>
    public async Task MoreAsync(AlertList list)
    {
        var generation = _generation;
        _reading++;
        try
        {
            await List(list).ReadMoreAsync();
        }
        finally
        {
            EndRead(generation);
        }
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

    // A read that a load began after counts for nothing: the load reset the count.
    private void EndRead(int generation)
    {
        if (generation != _generation || --_reading > 0)
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
