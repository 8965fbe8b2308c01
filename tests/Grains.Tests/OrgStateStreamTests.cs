using GameOps.Grains.Agents;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Players;
using GameOps.Grains.Jobs;
using GameOps.Grains.ServerConsole;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>
/// The org's alert grain and summary follow only the org's state events: the org's other events (chat, jobs, audit
/// entries) neither wake nor call them, while a host's status change still reaches both.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OrgStateStreamTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] StateKinds = [nameof(HostStatusChanged), nameof(HostMetricsReported), nameof(GameServerHealthChanged)];
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Grains;

    private static string NewOrgId() => "org-state-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_chat_line_neither_wakes_nor_calls_the_orgs_alert_grain_and_summary_and_a_host_status_change_reaches_both()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var players = Grains.GetGrain<IServerPlayersGrain>(GameServerKeys.For(TestData.NewHostId(), "main"));

        // What the silo the agent is connected to hands the players grain for these two stored lines.
        await players.ApplyAsync(orgId, GameLogParsers.SevenDaysKind, GameLogParsers.EventsOf(GameLogParsers.SevenDaysKind, [
            new ConsoleLine(1, T0, "2026-12-03T06:00:00 10.000 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID=171, PltfmId='Steam_1', CrossId='EOS_1', OwnerID='Steam_1', PlayerName='Alice', ClientNumber='1'", false, 0),
            new ConsoleLine(2, T0.AddSeconds(5), "2026-12-03T06:00:05 12.000 INF Chat (from 'Steam_1', entity id '171', to 'Global'): 'Alice': hi all", false, 0),
        ]));
        await events.WaitForAsync<PlayerChatted>(chats => chats.Count == 1);
        Assert.Empty(fixture.OrgGrainCalls.For(orgId));

        // A state event published after the chat: the stream the grains follow keeps its order, so had the chat been
        // on it, it would have been delivered first.
        await TestData.RegisteredHostAsync(Grains, orgId);

        var calls = await HostStatusDeliveredToBothAsync(orgId, count: 1);
        Assert.All(calls.SelectMany(c => c.EventKinds), kind => Assert.Contains(kind, StateKinds));
    }

    [Fact]
    public async Task A_jobs_events_and_audit_entries_do_not_reach_the_orgs_alert_grain_and_summary_but_its_hosts_status_changes_do()
    {
        var orgId = NewOrgId();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        await HostStatusDeliveredToBothAsync(orgId, count: 1);

        var job = (await host.SubmitJobAsync(TestData.Job(orgId: orgId))).Job;
        await host.CancelJobAsync(orgId, job.Id, TestData.Admin);
        await events.WaitForAsync<JobStateChanged>(changes => changes.Any(c => c.State == JobState.Cancelled));
        await events.WaitForAsync<AuditEntryWritten>(entries => entries.Count >= 3);
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));

        var calls = await HostStatusDeliveredToBothAsync(orgId, count: 2);
        Assert.All(calls.SelectMany(c => c.EventKinds), kind => Assert.Contains(kind, StateKinds));
    }

    /// <summary>The calls into the org's grains, once each of them was handed <paramref name="count"/> host status changes.</summary>
    private async Task<IReadOnlyList<OrgGrainCall>> HostStatusDeliveredToBothAsync(string orgId, int count) =>
        await Eventually.ReadAsync(
            () => Task.FromResult(fixture.OrgGrainCalls.For(orgId)),
            calls => new[] { "alerts", "summary" }.All(subscriber =>
                calls.Where(c => c.Subscriber == subscriber).SelectMany(c => c.EventKinds).Count(k => k == nameof(HostStatusChanged)) >= count),
            Patience);
}
