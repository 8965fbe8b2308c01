using System.Collections.Immutable;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;

namespace GameOps.Web.Alerts;

/// <summary>
/// The org's alerts as the page shows them, kept current by <see cref="AlertStateChanged"/> events: a snapshot read
/// after subscribing, with the events that arrive during the read held and applied over it (each carries the alert's
/// new status whole).
/// </summary>
public sealed class AlertBoard
{
    private readonly List<AlertStateChanged> _held = [];
    private bool _loading = true;

    public ImmutableList<AlertView> Alerts { get; private set; } = [];

    public bool IsLoading { get; private set; } = true;

    public IEnumerable<AlertView> Current => Alerts.Where(a => a.Status != AlertStatus.Resolved);

    public IEnumerable<AlertView> Resolved => Alerts.Where(a => a.Status == AlertStatus.Resolved);

    public void BeginLoad() => _loading = true;

    public void EndLoad(IEnumerable<AlertView> snapshot)
    {
        Alerts = [.. snapshot];
        _loading = false;
        IsLoading = false;
        foreach (var held in _held)
        {
            Apply(held);
        }

        _held.Clear();
    }

    /// <summary>Applies an event; true when it changed what the board shows.</summary>
    public bool Apply(OrgEvent orgEvent)
    {
        if (orgEvent is not AlertStateChanged changed)
        {
            return false;
        }

        if (_loading)
        {
            _held.Add(changed);
            return false;
        }

        var index = Alerts.FindIndex(a => a.Id == changed.AlertId);
        if (changed.Status is not { } status)
        {
            // Cleared while Pending: no trace is kept.
            if (index >= 0)
            {
                Alerts = Alerts.RemoveAt(index);
            }

            return index >= 0;
        }

        var known = index >= 0 ? Alerts[index] : null;
        var alert = new AlertView(
            changed.AlertId, changed.RuleId, changed.RuleName, changed.AlertKind, changed.HostId, changed.Subject, status, changed.Detail,
            status == AlertStatus.Pending ? changed.At : known?.Since ?? changed.At,
            status == AlertStatus.Firing ? changed.At : known?.FiredAt,
            status == AlertStatus.Resolved ? changed.At : null,
            (known?.TimesFired ?? 0) + (status == AlertStatus.Firing ? 1 : 0));
        Alerts = index >= 0 ? Alerts.RemoveAt(index).Insert(0, alert) : Alerts.Insert(0, alert);
        return true;
    }
}
