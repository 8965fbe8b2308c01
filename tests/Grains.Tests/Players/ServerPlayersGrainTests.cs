using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using GameOps.Grains.Players;
using GameOps.Grains.ServerConsole;
using GameOps.TestSupport;
using Orleans.Runtime;

namespace GameOps.Grains.Tests.Players;

/// <summary>Who is online on a server: opened and closed by console lines, repaired by the players probe.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServerPlayersGrainTests(ClusterFixture fixture)
{
    private const string Kind = GameLogParsers.SevenDaysKind;
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_join_line_stored_by_the_console_puts_the_player_online_from_that_line()
    {
        var (key, org) = NewServer();

        await StoreAsync(key, org, [Line(1, T0, "INF Time: 1.00m FPS: 30"), Line(2, T0.AddSeconds(1), Join("Ünï, 'Q'", 171))]);

        var online = await Players(key).GetOnlineAsync();
        Assert.Equal([("Ünï, 'Q'", "171", T0.AddSeconds(1), false)], online.Select(p => (p.Name, p.PlayerId, p.Since, p.Reconciled)));
    }

    [Fact]
    public async Task A_leave_line_takes_the_player_offline_and_the_org_hears_when_their_session_began()
    {
        var (key, org) = NewServer();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, org);
        await StoreAsync(key, org, [Line(1, T0, Join("Alice", 171))]);

        await StoreAsync(key, org, [Line(2, T0.AddMinutes(90), Leave("Alice", 171))]);

        Assert.Empty(await Players(key).GetOnlineAsync());
        var left = Assert.Single(await events.WaitForAsync<PlayerLeft>(e => e.Count > 0));
        Assert.Equal(("Alice", T0, T0.AddMinutes(90), false), (left.PlayerName, left.SessionStartedAt, left.At, left.Reconciled));
        var joined = Assert.Single(await events.WaitForAsync<PlayerJoined>(e => e.Count > 0));
        Assert.Equal(joined.SessionId, left.SessionId);
    }

    [Fact]
    public async Task A_chat_line_is_told_under_the_name_the_player_joined_with()
    {
        var (key, org) = NewServer();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, org);

        await StoreAsync(key, org,
        [
            Line(1, T0, Join("Al': ice", 171)),
            Line(2, T0.AddSeconds(5), "2026-12-03T06:00:05 12.000 INF Chat (from 'Steam_1', entity id '171', to 'Global'): 'Al': ice': hi: all"),
        ]);

        var chat = Assert.Single(await events.WaitForAsync<PlayerChatted>(e => e.Count > 0));
        Assert.Equal(("Al': ice", "hi: all", "Global"), (chat.PlayerName, chat.Text, chat.Channel));
    }

    [Fact]
    public async Task The_events_of_one_stored_batch_go_to_the_org_in_one_stream_message_in_the_lines_order()
    {
        var (key, org) = NewServer();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, org);

        await StoreAsync(key, org,
        [
            Line(1, T0, Join("Alice", 171)),
            Line(2, T0.AddSeconds(5), "2026-12-03T06:00:05 12.000 INF Chat (from 'Steam_1', entity id '171', to 'Global'): 'Alice': hi"),
            Line(3, T0.AddSeconds(6), "2026-12-03T06:00:06 13.000 INF Chat (from 'Steam_1', entity id '171', to 'Global'): 'Alice': bye"),
            Line(4, T0.AddMinutes(90), Leave("Alice", 171)),
        ]);

        var delivered = await events.WaitForDeliveredAsync(list => list.Count == 4);
        Assert.Equal(
            [nameof(PlayerJoined), nameof(PlayerChatted), nameof(PlayerChatted), nameof(PlayerLeft)],
            delivered.Select(d => d.Event.Kind));
        Assert.Equal([(0, "hi"), (1, "bye")], delivered.Select(d => d.Event).OfType<PlayerChatted>().Select((c, i) => (i, c.Text)));

        // One message: one sequence number, the events numbered in it from 0.
        Assert.Single(delivered.Select(d => d.Token!.SequenceNumber).Distinct());
        Assert.Equal([0, 1, 2, 3], delivered.Select(d => d.Token!.EventIndex));
    }

    [Fact]
    public async Task A_missed_leave_is_closed_by_the_next_probe_at_the_probe_time()
    {
        var (key, org) = NewServer();
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, org);
        await Players(key).ApplyAsync(org, Kind, [Joined("Alice", T0), Joined("Bob", T0)]);

        var probedAt = T0.AddMinutes(5);
        await Players(key).ReconcileAsync([new ListedPlayer("Alice")], probedAt);

        Assert.Equal(["Alice"], (await Players(key).GetOnlineAsync()).Select(p => p.Name));
        var left = Assert.Single(await events.WaitForAsync<PlayerLeft>(e => e.Count > 0));
        Assert.Equal(("Bob", probedAt, true), (left.PlayerName, left.At, left.Reconciled));
    }

    [Fact]
    public async Task A_probe_contradicts_neither_a_join_nor_a_leave_seen_after_it_began_and_opens_players_it_found()
    {
        var (key, org) = NewServer();
        var probedAt = T0.AddMinutes(5);
        await Players(key).ApplyAsync(org, Kind, [Joined("Dave", T0), Joined("Carol", probedAt.AddSeconds(1)), Left("Dave", probedAt.AddSeconds(2))]);

        // The probe ran before Carol came and Dave went: it lists Dave, not Carol, and Eve, whose join line was lost.
        await Players(key).ReconcileAsync([new ListedPlayer("Dave"), new ListedPlayer("Eve", "9")], probedAt);

        var online = await Players(key).GetOnlineAsync();
        Assert.Equal([("Eve", probedAt, true), ("Carol", probedAt.AddSeconds(1), false)], online.Select(p => (p.Name, p.Since, p.Reconciled)));
    }

    [Fact]
    public async Task Joining_again_under_a_new_id_ends_the_session_whose_leave_was_missed()
    {
        var (key, org) = NewServer();
        await Players(key).ApplyAsync(org, Kind, [Joined("Alice", T0, "171")]);

        await Players(key).ApplyAsync(org, Kind, [Joined("Alice", T0.AddHours(2), "190")]);

        var online = Assert.Single(await Players(key).GetOnlineAsync());
        Assert.Equal(("190", T0.AddHours(2)), (online.PlayerId, online.Since));
    }

    [Fact]
    public async Task After_the_agent_connects_a_players_probe_runs_through_the_host_and_its_answer_repairs_the_list()
    {
        var host = await TestData.RegisteredHostAsync(fixture.Grains);
        var hostId = host.GetPrimaryKeyString();
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, fixture.Grains.CreateObjectReference<IAgentObserver>(agent),
            new AgentHello("test", [new GameServerDescriptor("main", "Main", Kind, [GameActions.PlayersList])]));
        var players = Players(GameServerKeys.For(hostId, "main"));
        await players.ApplyAsync("org-test", Kind, [Joined("Ghost", T0)]);

        await players.AgentConnectedAsync("org-test", Kind, canListPlayers: true);

        var sent = await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(GameActions.PlayersList, sent.Action);
        var job = fixture.Grains.GetJobGrain(sent.JobId);
        Assert.Equal(ServerPlayersGrain.ProbeActor, (await job.GetAsync())!.RequestedBy);
        var running = await job.MarkRunningAsync();
        await job.CompleteAsync(new JobResult(true, "Total of 1 in the game", Data: """{"players":[{"name":"Alice","id":"171","ping":20}]}"""));

        var online = await Eventually.ReadAsync(players.GetOnlineAsync, list => list.Any(p => p.Name == "Alice"), Patience);
        Assert.Equal([("Alice", running.StartedAt!.Value, true)], online.Select(p => (p.Name, p.Since, p.Reconciled)));
    }

    [Fact]
    public async Task A_server_with_nobody_online_and_no_probe_to_run_keeps_no_players_grain_active_after_its_agents_hello()
    {
        var (key, org) = NewServer();
        var players = Players(key);
        var grainId = players.GetGrainId();
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);

        await players.AgentConnectedAsync(org, Kind, canListPlayers: false);

        await Eventually.ReadAsync(
            async () => (await management.GetDetailedGrainStatistics()).Count(s => s.GrainId == grainId), active => active == 0, Patience);
        await StoreAsync(key, org, [Line(1, T0, Join("Alice", 171))]);
        Assert.Equal("Alice", Assert.Single(await players.GetOnlineAsync()).Name);
    }

    [Fact]
    public async Task The_control_planes_own_read_jobs_write_no_audit_entry_and_a_persons_do()
    {
        var host = await TestData.RegisteredHostAsync(fixture.Grains);
        await using var events = await OrgEventRecorder.SubscribeAsync(fixture.Cluster.Client, "org-test");
        var probe = (await host.SubmitJobAsync(TestData.Job() with { RequestedBy = ServerPlayersGrain.ProbeActor })).Job;
        var asked = (await host.SubmitJobAsync(TestData.Job())).Job;

        foreach (var job in new[] { probe, asked })
        {
            await fixture.Grains.GetJobGrain(job.Id).CompleteAsync(new JobResult(true, SevenDaysFixtures.NoPlayers, Data: """{"players":[]}"""));
        }

        // Each job's own events arrive in the order it published them: its entries before its last state.
        await events.WaitForAsync<JobStateChanged>(e => e.Count(c => c.State == JobState.Succeeded && (c.JobId == probe.Id || c.JobId == asked.Id)) == 2);
        var audited = await events.WaitForAsync<AuditEntryWritten>(e => e.Count(a => a.Target == $"job/{asked.Id:D}") == 2);
        Assert.DoesNotContain(audited, a => a.Target == $"job/{probe.Id:D}");
    }

    private IServerPlayersGrain Players(string key) => fixture.Grains.GetGrain<IServerPlayersGrain>(key);

    /// <summary>Hands the players grain of server <paramref name="key"/> what stored console lines say, as the silo its agent is connected to does.</summary>
    private Task StoreAsync(string key, string org, ImmutableArray<ConsoleLine> lines) =>
        Players(key).ApplyAsync(org, Kind, GameLogParsers.EventsOf(Kind, lines));

    private static (string Key, string Org) NewServer() => (GameServerKeys.For($"h{Guid.NewGuid():N}", "main"), $"org-{Guid.NewGuid():N}");

    private static GameEvent Joined(string name, DateTimeOffset at, string? id = null) => new(GameEventKind.Joined, name, id, At: at);

    private static GameEvent Left(string name, DateTimeOffset at) => new(GameEventKind.Left, name, At: at);

    private static ConsoleLine Line(ulong sequence, DateTimeOffset at, string text) => new(sequence, at, text, false, 0);

    private static string Join(string name, int entityId) =>
        $"2026-12-03T06:00:00 10.000 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID={entityId}, PltfmId='Steam_1', CrossId='EOS_1', OwnerID='Steam_1', PlayerName='{name}', ClientNumber='1'";

    private static string Leave(string name, int entityId) =>
        $"2026-12-03T07:30:00 5410.000 INF Player disconnected: EntityID={entityId}, PltfmId='Steam_1', CrossId='EOS_1', OwnerID='Steam_1', PlayerName='{name}', ClientNumber='1'";
}
