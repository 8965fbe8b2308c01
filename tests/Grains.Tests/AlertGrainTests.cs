using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.Alerts;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Orgs;
using GameOps.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AlertGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Offline_host_is_pending_until_the_rules_for_has_passed_then_fires_and_resolves_when_back()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromMinutes(2)));

        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        var pending = await SingleAlertAsync(alerts, AlertStatus.Pending);
        Assert.Equal((rule.Id, host.Id, host.Id, AlertKind.HostOffline), (pending.RuleId, pending.HostId, pending.Subject, pending.Kind));
        Assert.Null(pending.FiredAt);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var firing = await SingleAlertAsync(alerts, AlertStatus.Firing);
        Assert.Equal(pending.Since, firing.Since);
        Assert.Equal(1, firing.TimesFired);
        Assert.Contains("stopped sending heartbeats", firing.Detail, StringComparison.Ordinal);

        await host.Grain.ConnectAsync(Guid.NewGuid(), TestData.Peer, host.Observer, new AgentHello("test", []));
        var resolved = await SingleAlertAsync(alerts, AlertStatus.Resolved);
        Assert.Equal(firing.Id, resolved.Id);
        Assert.True(resolved.ResolvedAt >= firing.FiredAt);
    }

    [Fact]
    public async Task Alerts_changed_by_observations_reach_the_store_within_an_evaluation_period()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));

        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        var firing = await SingleAlertAsync(alerts, AlertStatus.Firing);

        var stored = await Eventually.ReadAsync(
            () => fixture.ReadStoredStateAsync<AlertGrainState>(alerts, "alerts"), s => s.Alerts.Count == 1, Patience);
        Assert.Equal(firing, stored.Alerts[firing.Id]);
    }

    [Fact]
    public async Task Host_back_before_the_rules_for_leaves_no_alert()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromMinutes(5)));

        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        await SingleAlertAsync(alerts, AlertStatus.Pending);
        await host.Grain.ConnectAsync(Guid.NewGuid(), TestData.Peer, host.Observer, new AgentHello("test", []));

        await Eventually.ReadAsync(alerts.ListAllAsync, list => list.Count == 0, Patience);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await alerts.ObserveAsync(AlertGrain.HostOfflineObservation((await host.Grain.GetAsync())!));
        Assert.Empty(await alerts.ListAllAsync());
    }

    [Fact]
    public async Task Repeated_word_of_the_same_outage_keeps_one_alert_and_a_new_outage_reuses_it()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        var first = await SingleAlertAsync(alerts, AlertStatus.Firing);

        await alerts.ObserveAsync(AlertGrain.HostOfflineObservation((await host.Grain.GetAsync())!) with { Since = DateTimeOffset.UtcNow.AddMinutes(1) });
        Assert.Equal(first, Assert.Single(await alerts.ListAllAsync()));

        var connectionId = Guid.NewGuid();
        await host.Grain.ConnectAsync(connectionId, TestData.Peer, host.Observer, new AgentHello("test", []));
        await SingleAlertAsync(alerts, AlertStatus.Resolved);
        await host.Grain.DisconnectAsync(connectionId, DisconnectReason.HeartbeatsMissed);

        var again = await Eventually.ReadAsync(alerts.ListAllAsync, list => list is [{ TimesFired: 2, Status: AlertStatus.Firing }], Patience);
        Assert.Equal(first.Id, again[0].Id);
        Assert.True(again[0].Since > first.Since);
    }

    [Fact]
    public async Task A_rule_added_while_a_host_is_already_offline_counts_from_when_it_went_offline()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        var offlineSince = (await host.Grain.GetAsync())!.StatusChangedAt;
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromMinutes(3)));

        // The alert grain hears of the host through the org's stream, which delivers after the host's change returns:
        // on a busy machine the rule can be added first (it failed so once under stress-ng).
        var alert = await SingleAlertAsync(alerts, AlertStatus.Firing);
        Assert.Equal(offlineSince, alert.Since);
    }

    [Fact]
    public async Task A_rule_for_one_host_ignores_the_others()
    {
        var (orgId, alerts) = NewOrg();
        var watched = await OnlineHostAsync(orgId);
        var other = await OnlineHostAsync(orgId);
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero, watched.Id));

        await other.Grain.DisconnectAsync(other.ConnectionId, DisconnectReason.StreamEnded);
        await watched.Grain.DisconnectAsync(watched.ConnectionId, DisconnectReason.StreamEnded);

        var alert = await SingleAlertAsync(alerts, AlertStatus.Firing);
        Assert.Equal(watched.Id, alert.Subject);
    }

    [Fact]
    public async Task A_server_that_goes_down_fires_and_resolves_when_it_answers_again()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        var server = Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(host.Id, "main"));
        await server.DeclareAsync(orgId, new GameServerDescriptor("main", "Survival", "7dtd", []));
        await server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, DateTimeOffset.UtcNow));
        await alerts.AddRuleAsync(Rule(AlertKind.ServerDown, TimeSpan.Zero));

        await server.ReportHealthAsync(new HealthReport(ServerHealth.Hung, "no answer within 5 s", DateTimeOffset.UtcNow));
        var firing = await SingleAlertAsync(alerts, AlertStatus.Firing);
        Assert.Equal(($"{host.Id}/main", host.Id), (firing.Subject, firing.HostId));
        Assert.Equal("Game server 'Survival' is hung: no answer within 5 s", firing.Detail);

        // Down after hung is the same outage.
        await server.ReportHealthAsync(new HealthReport(ServerHealth.Down, "connection refused", DateTimeOffset.UtcNow));
        await server.ReportHealthAsync(new HealthReport(ServerHealth.Up, null, DateTimeOffset.UtcNow));
        var resolved = await SingleAlertAsync(alerts, AlertStatus.Resolved);
        Assert.Equal((firing.Id, 1), (resolved.Id, resolved.TimesFired));
    }

    [Fact]
    public async Task Word_of_a_recovery_older_than_the_outage_is_ignored()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        var online = (await host.Grain.GetAsync())!;
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        await SingleAlertAsync(alerts, AlertStatus.Firing);

        await alerts.ObserveAsync(AlertGrain.HostOfflineObservation(online));

        Assert.Equal(AlertStatus.Firing, Assert.Single(await alerts.ListAllAsync()).Status);
    }

    [Fact]
    public async Task Removing_a_rule_removes_its_alerts()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        var kept = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromHours(1)));
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        await Eventually.ReadAsync(alerts.ListAllAsync, list => list.Count == 2, Patience);

        Assert.True(await alerts.RemoveRuleAsync(rule.Id, TestData.Admin));
        Assert.False(await alerts.RemoveRuleAsync(rule.Id, TestData.Admin));

        Assert.Equal([kept], await alerts.ListRulesAsync());
        Assert.Equal(kept.Id, Assert.Single(await alerts.ListAllAsync()).RuleId);
    }

    [Fact]
    public async Task A_changed_duration_keeps_the_rules_alert_and_fires_it_after_the_new_duration()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromHours(1)));
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        var pending = await SingleAlertAsync(alerts, AlertStatus.Pending);

        var changed = await alerts.UpdateRuleAsync(rule.Id, Rule(AlertKind.HostOffline, TimeSpan.FromMinutes(1)) with { Name = "Renamed" });
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal((rule.Id, rule.CreatedAt, "Renamed", TimeSpan.FromMinutes(1)), (changed!.Id, changed.CreatedAt, changed.Name, changed.For));
        Assert.Equal([changed], await alerts.ListRulesAsync());
        Assert.Equal(pending.Id, (await SingleAlertAsync(alerts, AlertStatus.Firing)).Id);
    }

    [Fact]
    public async Task A_paused_rule_drops_its_alerts_and_raises_none_until_resumed()
    {
        var (orgId, alerts) = NewOrg();
        var host = await OnlineHostAsync(orgId);
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        await host.Grain.DisconnectAsync(host.ConnectionId, DisconnectReason.StreamEnded);
        await SingleAlertAsync(alerts, AlertStatus.Firing);

        Assert.True((await alerts.UpdateRuleAsync(rule.Id, Rule(AlertKind.HostOffline, TimeSpan.Zero) with { Paused = true }))!.Paused);
        Assert.Empty(await alerts.ListAllAsync());
        await alerts.ObserveAsync(AlertGrain.HostOfflineObservation((await host.Grain.GetAsync())!));
        Assert.Empty(await alerts.ListAllAsync());

        await alerts.UpdateRuleAsync(rule.Id, Rule(AlertKind.HostOffline, TimeSpan.Zero));
        await SingleAlertAsync(alerts, AlertStatus.Firing);
    }

    [Fact]
    public async Task A_rule_moved_to_another_host_drops_the_old_hosts_alert_and_an_unknown_or_invalid_change_is_refused()
    {
        var (orgId, alerts) = NewOrg();
        var down = await OnlineHostAsync(orgId);
        var other = await OnlineHostAsync(orgId);
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero, down.Id));
        await down.Grain.DisconnectAsync(down.ConnectionId, DisconnectReason.StreamEnded);
        await SingleAlertAsync(alerts, AlertStatus.Firing);

        await alerts.UpdateRuleAsync(rule.Id, Rule(AlertKind.HostOffline, TimeSpan.Zero, other.Id));

        Assert.Empty(await alerts.ListAllAsync());
        Assert.Null(await alerts.UpdateRuleAsync(Guid.NewGuid(), Rule(AlertKind.HostOffline, TimeSpan.Zero)));
        await Assert.ThrowsAsync<ArgumentException>(() => alerts.UpdateRuleAsync(rule.Id, Rule(AlertKind.HostOffline, TimeSpan.FromSeconds(-1))));
        Assert.Equal(other.Id, Assert.Single(await alerts.ListRulesAsync()).HostId);
    }

    [Fact]
    public async Task An_outage_the_alert_grain_never_heard_of_is_caught_by_its_reconcile_reminder()
    {
        var (orgId, alerts) = NewOrg();
        await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        Assert.Contains(await ReminderNamesAsync(alerts), name => name == "reconcile");

        // A host that went offline in a silo that died before its word reached the alert grain.
        var hostId = TestData.NewHostId();
        var now = DateTimeOffset.UtcNow;
        await fixture.StoreStateAsync(
            Grains.GetHostGrain(hostId),
            "host",
            new HostState { OrgId = orgId, Name = "Lost word", CredentialHash = TestData.NewHash(), Status = HostStatus.Offline, CreatedAt = now, StatusChangedAt = now });
        await Grains.GetGrain<IOrgGrain>(orgId).AddHostAsync(hostId);
        Assert.Empty(await alerts.ListAllAsync());

        // The org's summary reads its hosts again on its own timer; the alert grain's reminder reads the summary.
        await Grains.GetGrain<IOrgSummaryGrain>(orgId).ReconcileAsync();
        await alerts.AsReference<IRemindable>().ReceiveReminder("reconcile", new TickStatus(now.UtcDateTime, TimeSpan.FromMinutes(5), now.UtcDateTime));

        var alert = Assert.Single(await alerts.ListAllAsync());
        Assert.Equal((hostId, AlertStatus.Firing), (alert.Subject, alert.Status));
    }

    [Fact]
    public async Task The_reconcile_reminder_stops_with_the_orgs_last_rule()
    {
        var (_, alerts) = NewOrg();
        var first = await alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.Zero));
        var second = await alerts.AddRuleAsync(Rule(AlertKind.ServerDown, TimeSpan.Zero));

        await alerts.RemoveRuleAsync(first.Id, TestData.Admin);
        Assert.Contains(await ReminderNamesAsync(alerts), name => name == "reconcile");
        await alerts.RemoveRuleAsync(second.Id, TestData.Admin);
        Assert.Empty(await ReminderNamesAsync(alerts));
    }

    [Theory]
    [InlineData("", 60)]
    [InlineData("Host down", -1)]
    [InlineData("Host down", 86_401)]
    public async Task An_invalid_rule_is_refused(string name, int forSeconds)
    {
        var (_, alerts) = NewOrg();

        await Assert.ThrowsAsync<ArgumentException>(() => alerts.AddRuleAsync(Rule(AlertKind.HostOffline, TimeSpan.FromSeconds(forSeconds)) with { Name = name }));

        Assert.Empty(await alerts.ListRulesAsync());
    }

    private IServiceProvider SiloServices => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;

    [Fact]
    public async Task A_page_is_in_id_order_after_its_cursor_with_only_the_statuses_asked_and_past_the_end_is_empty()
    {
        var (_, alerts) = NewOrg();
        var firingRule = await alerts.AddRuleAsync(Rule(AlertKind.ServerDown, TimeSpan.Zero));
        await alerts.AddRuleAsync(Rule(AlertKind.ServerDown, TimeSpan.FromHours(1)));
        await ServersDownAsync(alerts, "h3", "h1", "h5", "h0", "h4", "h2");
        await ServersUpAsync(alerts, "h1", "h4");
        var listed = await alerts.ListAllAsync();
        var all = listed.Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, all.Count);

        var pages = new List<AlertPageResult>();
        string? after = null;
        do
        {
            pages.Add(await alerts.PageAlertsAsync(new AlertPageQuery(after, 3, ImmutableArray.Create(AlertStatus.Pending, AlertStatus.Firing))));
            after = pages[^1].Alerts[^1].Id;
        }
        while (pages[^1].HasMore && pages.Count < 10);
        var resolved = await alerts.PageAlertsAsync(new AlertPageQuery(null, 10, ImmutableArray.Create(AlertStatus.Resolved)));

        Assert.Equal(listed.Where(a => a.Status != AlertStatus.Resolved).Select(a => a.Id).Order(StringComparer.Ordinal), pages.SelectMany(p => p.Alerts).Select(a => a.Id));
        Assert.Equal([3, 3, 2], pages.Select(p => p.Alerts.Length));
        Assert.Equal([$"{firingRule.Id:N}:h1/main", $"{firingRule.Id:N}:h4/main"], resolved.Alerts.Select(a => a.Id));
        Assert.False(resolved.HasMore);

        // After an alert that is gone, a page reads on from where its id falls; after the last, it is empty.
        var gone = $"{firingRule.Id:N}:h1/main-gone";
        Assert.Equal(all.Where(id => string.CompareOrdinal(id, gone) > 0).Take(2), (await alerts.PageAlertsAsync(new AlertPageQuery(gone, 2))).Alerts.Select(a => a.Id));
        var end = await alerts.PageAlertsAsync(new AlertPageQuery(all[^1], 5));
        Assert.Empty(end.Alerts);
        Assert.False(end.HasMore);
    }

    [Fact]
    public async Task A_page_read_after_alerts_change_shows_them_as_they_are_now()
    {
        var (_, alerts) = NewOrg();
        var rule = await alerts.AddRuleAsync(Rule(AlertKind.ServerDown, TimeSpan.Zero));
        await ServersDownAsync(alerts, "h1", "h2");
        Assert.Equal(2, (await alerts.PageAlertsAsync(new AlertPageQuery(null, 10, ImmutableArray.Create(AlertStatus.Firing)))).Alerts.Length);

        await ServersUpAsync(alerts, "h2");
        await ServersDownAsync(alerts, "h0");
        var firing = await alerts.PageAlertsAsync(new AlertPageQuery(null, 10, ImmutableArray.Create(AlertStatus.Firing)));
        var every = await alerts.PageAlertsAsync(new AlertPageQuery(null, 10));

        Assert.Equal([$"{rule.Id:N}:h0/main", $"{rule.Id:N}:h1/main"], firing.Alerts.Select(a => a.Id));
        Assert.Equal(
            [($"{rule.Id:N}:h0/main", AlertStatus.Firing), ($"{rule.Id:N}:h1/main", AlertStatus.Firing), ($"{rule.Id:N}:h2/main", AlertStatus.Resolved)],
            every.Alerts.Select(a => (a.Id, a.Status)));
    }

    private async Task<IEnumerable<string>> ReminderNamesAsync(IAlertGrain alerts)
    {
        var rows = await SiloServices.GetRequiredService<IReminderTable>().ReadRows(((GrainReference)alerts).GrainId);
        return rows.Reminders.Select(r => r.ReminderName);
    }

    private async Task ServersDownAsync(IAlertGrain alerts, params string[] hostIds)
    {
        foreach (var hostId in hostIds)
        {
            await alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, hostId, $"{hostId}/main", Holds: true, fixture.Clock.UtcNow, "down"));
        }
    }

    private async Task ServersUpAsync(IAlertGrain alerts, params string[] hostIds)
    {
        foreach (var hostId in hostIds)
        {
            await alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, hostId, $"{hostId}/main", Holds: false, fixture.Clock.UtcNow.AddSeconds(1), null));
        }
    }

    private (string OrgId, IAlertGrain Alerts) NewOrg()
    {
        var orgId = "org-alerts-" + Guid.NewGuid().ToString("N");
        return (orgId, Grains.GetGrain<IAlertGrain>(orgId));
    }

    private static AddAlertRule Rule(AlertKind kind, TimeSpan @for, string? hostId = null) =>
        new($"{kind} rule", kind, hostId, @for, TestData.Admin);

    private static async Task<AlertView> SingleAlertAsync(IAlertGrain alerts, AlertStatus status) =>
        (await Eventually.ReadAsync(alerts.ListAllAsync, list => list is [{ } only] && only.Status == status, Patience))[0];

    private async Task<ConnectedHost> OnlineHostAsync(string orgId)
    {
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var observer = Grains.CreateObjectReference<IAgentObserver>(new NullAgent());
        var connectionId = Guid.NewGuid();
        await host.ConnectAsync(connectionId, TestData.Peer, observer, new AgentHello("test", []));
        return new ConnectedHost(host.GetPrimaryKeyString(), host, connectionId, observer);
    }

    private sealed record ConnectedHost(string Id, IHostGrain Grain, Guid ConnectionId, IAgentObserver Observer);
}

internal static class AlertGrainReads
{
    /// <summary>Every alert of the org in one page, in id order.</summary>
    public static async Task<IReadOnlyList<AlertView>> ListAllAsync(this IAlertGrain alerts) =>
        (await alerts.PageAlertsAsync(new AlertPageQuery(null, int.MaxValue))).Alerts;
}
