using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.Jobs;
using GameOps.Web.Overview;
using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Overview;

public sealed class OverviewModelTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_alert_that_fires_is_listed_and_leaves_the_list_when_it_resolves()
    {
        var model = Loaded();

        model.Apply(Alert("a1", AlertStatus.Firing));
        var firing = model.FiringAlerts;
        model.Apply(Alert("a1", AlertStatus.Resolved));

        Assert.Equal("a1", Assert.Single(firing).Id);
        Assert.Empty(model.FiringAlerts);
    }

    [Fact]
    public void A_job_event_updates_its_row_and_new_jobs_push_the_oldest_out()
    {
        var model = new OverviewModel(jobCount: 2);
        model.EndLoad([], NoAlerts, [new JobRow(Guid.Empty, "h1", "main", "players.list", JobState.Queued, null, At)]);

        model.Apply(Job(Guid.Empty, JobState.Succeeded));
        var updated = model.RecentJobs;
        var newer = Guid.NewGuid();
        var newest = Guid.NewGuid();
        model.Apply(Job(newer, JobState.Queued));
        model.Apply(Job(newest, JobState.Queued));

        Assert.Equal(JobState.Succeeded, Assert.Single(updated).State);
        Assert.Equal([newest, newer], model.RecentJobs.Select(j => j.Id));
    }

    [Fact]
    public void Alert_and_job_events_during_the_snapshot_read_are_applied_over_it()
    {
        var model = new OverviewModel(jobCount: 10);
        model.BeginLoad();

        model.Apply(Alert("a1", AlertStatus.Firing));
        model.EndLoad([], NoAlerts, []);

        Assert.Equal("a1", Assert.Single(model.FiringAlerts).Id);
    }

    private static OverviewModel Loaded()
    {
        var model = new OverviewModel(jobCount: 10);
        model.EndLoad([], NoAlerts, []);
        return model;
    }

    private static readonly ConsolePage<AlertRow> NoAlerts = new([], null);

    private static AlertStateChanged Alert(string id, AlertStatus status) =>
        new("default", At, 1, null, id, Guid.Empty, "Host offline", AlertKind.HostOffline, "h1", "h1", status, null);

    private static JobStateChanged Job(Guid id, JobState state) => new("default", At, null, null, id, "h1", "main", "players.list", state, null);
}
