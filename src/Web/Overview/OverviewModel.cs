using System.Collections.Immutable;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Web.Hosts;
using GameOps.Web.Shell;

namespace GameOps.Web.Overview;

/// <summary>
/// What the overview shows: the hosts (<see cref="HostBoard"/>), the firing alerts and the newest jobs, kept current by
/// the org's events the same way: a snapshot read after subscribing, events held while it is read and applied over it.
/// </summary>
public sealed class OverviewModel(int jobCount)
{
    private readonly List<OrgEvent> _heldWhileLoading = [];
    private bool _loading = true;

    public HostBoard Hosts { get; } = new();

    /// <summary>The first page of firing alerts as read, then those the events bring (on top) or end.</summary>
    public ImmutableList<AlertRow> FiringAlerts { get; private set; } = [];

    /// <summary>Whether more alerts were firing than the page read: the Alerts page has them.</summary>
    public bool MoreAlertsFiring { get; private set; }

    public ImmutableList<JobRow> RecentJobs { get; private set; } = [];

    public bool IsLoading => Hosts.IsLoading;

    public void BeginLoad()
    {
        _loading = true;
        Hosts.BeginLoad();
    }

    public void EndLoad(IEnumerable<HostRow> hosts, ConsolePage<AlertRow> alerts, IEnumerable<JobRow> jobs)
    {
        FiringAlerts = [.. alerts.Items];
        MoreAlertsFiring = alerts.NextCursor is not null;
        RecentJobs = [.. jobs.Take(jobCount)];
        _loading = false;
        Hosts.EndLoad(hosts);
        foreach (var held in _heldWhileLoading)
        {
            Apply(held);
        }

        _heldWhileLoading.Clear();
    }

    /// <summary>Applies an event; true when it changed what the overview shows.</summary>
    public bool Apply(OrgEvent orgEvent)
    {
        if (orgEvent is not (AlertStateChanged or JobStateChanged))
        {
            return Hosts.Apply(orgEvent);
        }

        if (_loading)
        {
            _heldWhileLoading.Add(orgEvent);
            return false;
        }

        switch (orgEvent)
        {
            case AlertStateChanged { Status: AlertStatus.Firing } firing:
                FiringAlerts = FiringAlerts.RemoveAll(a => a.Id == firing.AlertId)
                    .Insert(0, new AlertRow(firing.AlertId, firing.RuleName, firing.AlertKind, firing.HostId, firing.Subject, firing.Detail, firing.At));
                return true;
            case AlertStateChanged other:
                return FiringAlerts.RemoveAll(a => a.Id == other.AlertId) is var remaining && remaining.Count != FiringAlerts.Count && Set(remaining);
            case JobStateChanged job:
                var row = new JobRow(job.JobId, job.HostId, job.ServerId, job.Action, job.State, job.Error, job.At);
                var index = RecentJobs.FindIndex(j => j.Id == job.JobId);
                RecentJobs = index >= 0 ? RecentJobs.SetItem(index, row) : RecentJobs.Insert(0, row);
                if (RecentJobs.Count > jobCount)
                {
                    RecentJobs = RecentJobs.RemoveRange(jobCount, RecentJobs.Count - jobCount);
                }

                return true;
            default:
                return false;
        }
    }

    private bool Set(ImmutableList<AlertRow> alerts)
    {
        FiringAlerts = alerts;
        return true;
    }
}
