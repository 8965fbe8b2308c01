using GameOps.Grains.Events;
using GameOps.Grains.Schedules;

namespace GameOps.Web.Schedules;

/// <summary>
/// The schedules list, kept current by the org's events: a run's start or end, or an audit entry about a schedule (saved,
/// deleted, run, cancelled), says which schedule to read again; a schedule the list does not hold yet means reading its
/// last page again (one-off schedules, such as a server's restart countdown, are never on it). Events that arrive while the list is
/// read are held and read again after it.
/// </summary>
public sealed class ScheduleBoard
{
    private const string AuditTargetPrefix = "schedule/";

    private readonly HashSet<Guid> _heldWhileLoading = [];
    private bool _loading = true;
    private List<ScheduleView> _schedules = [];

    public IReadOnlyList<ScheduleView> Schedules => _schedules;

    public bool IsLoading { get; private set; } = true;

    public void BeginLoad()
    {
        _loading = true;
        _heldWhileLoading.Clear();
    }

    /// <summary>Shows the schedules read so far; returns the schedules events named meanwhile, to read again.</summary>
    public IReadOnlyCollection<Guid> EndLoad(IEnumerable<ScheduleView> schedules)
    {
        _schedules = [.. schedules];
        _loading = false;
        IsLoading = false;
        var held = _heldWhileLoading.ToArray();
        _heldWhileLoading.Clear();
        return held;
    }

    /// <summary>The schedule the event says changed, if any; held instead while the list is read.</summary>
    public Guid? Apply(OrgEvent orgEvent)
    {
        Guid? changed = orgEvent switch
        {
            ScheduleRunStarted started when _loading || Holds(started.ScheduleId) => started.ScheduleId,
            ScheduleRunEnded ended when _loading || Holds(ended.ScheduleId) => ended.ScheduleId,
            AuditEntryWritten { Target: var target } when target.StartsWith(AuditTargetPrefix, StringComparison.Ordinal)
                                                         && Guid.TryParse(target.AsSpan(AuditTargetPrefix.Length), out var id) => id,
            _ => null,
        };
        if (changed is { } scheduleId && _loading)
        {
            _heldWhileLoading.Add(scheduleId);
            return null;
        }

        return changed;
    }

    public bool Holds(Guid scheduleId) => _schedules.Exists(s => s.Id == scheduleId);
}
