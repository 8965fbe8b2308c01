using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Silo.Players;
using Google.Protobuf.WellKnownTypes;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>Join and leave lines on an agent's stream show in the server's players and sessions over the API.</summary>
[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PlayersGatewayTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTime JoinedAt = new(2026, 12, 3, 6, 0, 0, DateTimeKind.Utc);
    private const string Ids = "PltfmId='Steam_76561198010715714', CrossId='EOS_0002', OwnerID='Steam_76561198010715714'";

    private static string PlayersPath(string hostId, string serverId = "main") => $"/api/v1/hosts/{hostId}/servers/{serverId}/players";

    private static string SessionsPath(string hostId, string serverId = "main") => $"/api/v1/hosts/{hostId}/servers/{serverId}/sessions";

    [Fact]
    public async Task A_join_line_puts_the_player_in_players_and_a_leave_line_ends_their_session_with_its_duration()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectWithKindAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential, "7dtd-telnet");
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        await agent.SendAsync(Batch(Line(1, JoinedAt, $"2026-12-03T06:00:00 10.000 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID=171, {Ids}, PlayerName='Ünï, O'Neil', ClientNumber='1'")));

        var online = await Eventually.ReadAsync(() => GetAsync<OnlinePlayers>(PlayersPath(host.Host.Id)), list => list.Players.Count > 0, Patience);
        var player = Assert.Single(online.Players);
        Assert.Equal(("Ünï, O'Neil", "171", new DateTimeOffset(JoinedAt), false), (player.Name, player.PlayerId, player.Since, player.Reconciled));

        await agent.SendAsync(Batch(Line(2, JoinedAt.AddSeconds(90), $"2026-12-03T06:01:30 100.000 INF Player disconnected: EntityID=171, {Ids}, PlayerName='Ünï, O'Neil', ClientNumber='1'")));

        await Eventually.ReadAsync(() => GetAsync<OnlinePlayers>(PlayersPath(host.Host.Id)), list => list.Players.Count == 0, Patience);
        var session = Assert.Single((await GetAsync<PlayerSessionPageView>(SessionsPath(host.Host.Id))).Sessions);
        Assert.Equal(
            (player.SessionId, "Ünï, O'Neil", new DateTimeOffset(JoinedAt.AddSeconds(90)), (double?)90, false),
            (session.SessionId, session.PlayerName, session.EndedAt, session.DurationSeconds, session.EndReconciled));
    }

    [Fact]
    public async Task Chat_lines_reach_the_orgs_events_in_order_with_their_players_names_one_that_holds_the_separator_too()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectWithKindAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential, "7dtd-telnet");
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        await using var events = await SseClient.OpenAsync(fixture.Api.Client, "/api/v1/events", Patience);
        Assert.Equal("subscribed", (await events.ReadAsync(Patience)).Comment);

        await agent.SendAsync(Batch(Line(1, JoinedAt, $"2026-12-03T06:00:00 10.000 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID=171, {Ids}, PlayerName='Al': ice', ClientNumber='1'")));
        await Eventually.ReadAsync(() => GetAsync<OnlinePlayers>(PlayersPath(host.Host.Id)), list => list.Players.Count > 0, Patience);

        // The line splits this name at its first separator ("Al" saying "ice': hi"): only who joined as 171 tells it right.
        await agent.SendAsync(Batch(Line(2, JoinedAt.AddSeconds(1), "2026-12-03T06:00:01 11.000 INF Chat (from 'Steam_76561198010715714', entity id '171', to 'Global'): 'Al': ice': hi")));

        // A line that tells its name by itself, of a player who never joined (as when the join was before the agent started).
        await agent.SendAsync(Batch(Line(3, JoinedAt.AddSeconds(2), "2026-12-03T06:00:02 12.000 INF Chat (from 'Steam_76561198010715715', entity id '172', to 'Party'): 'Bob': hello: all")));

        var chat = new List<JsonElement>();
        while (chat.Count < 2)
        {
            var message = await events.ReadUntilAsync(m => m.Event == nameof(PlayerChatted) && m.Data!.Contains(host.Host.Id, StringComparison.Ordinal), Patience);
            chat.Add(JsonDocument.Parse(message.Data!).RootElement);
        }

        Assert.Equal(
            [("Al': ice", "171", "Global", "hi", "main"), ("Bob", "172", "Party", "hello: all", "main")],
            chat.Select(c => (c.GetProperty("playerName").GetString(), c.GetProperty("playerId").GetString(), c.GetProperty("channel").GetString(),
                c.GetProperty("text").GetString(), c.GetProperty("serverId").GetString())));
    }

    [Fact]
    public async Task Players_and_sessions_of_an_undeclared_server_or_unknown_host_are_not_found()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        foreach (var path in new[] { PlayersPath(host.Host.Id, "other"), SessionsPath(host.Host.Id, "other"), PlayersPath("0123456789abcdef0123456789abcdef") })
        {
            using var response = await fixture.Api.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Empty((await GetAsync<OnlinePlayers>(PlayersPath(host.Host.Id))).Players);
    }

    private async Task<T> GetAsync<T>(string path) => (await fixture.Api.Client.GetFromJsonAsync<T>(path, GameOpsApi.Json))!;

    private static AgentMessage Batch(params LogEntry[] entries) =>
        new() { LogBatch = new LogBatch { ServerId = "main", Entries = { entries } } };

    private static LogEntry Line(ulong sequence, DateTime readAt, string text) =>
        new() { Sequence = sequence, Text = text, ReadAt = Timestamp.FromDateTime(readAt) };
}
