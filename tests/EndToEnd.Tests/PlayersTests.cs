using System.Text.Json;
using GameOps.Grains.Hosts;

namespace GameOps.EndToEnd.Tests;

/// <summary>
/// A 7 Days to Die server's join and leave lines, heard by the real agent on its telnet console, make the player appear
/// in and leave the server's players; the probe after the agent's Hello is what opens that console session, and the
/// periodic probe closes the session of a player whose leave line never came.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PlayersTests
{
    private const string TelnetPassword = "telnet-secret-players";
    private const string ServerId = "navezgane";
    private const string Ids = "PltfmId='Steam_76561198000000001', CrossId='EOS_00020000000000000000000000000001', OwnerID='Steam_76561198000000001'";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A one-minute probe interval puts the first periodic probe 30 to 90 s after the Hello; the rest is a busy machine.
    private static readonly TimeSpan ReconcilePatience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_join_line_on_the_game_console_shows_the_player_and_a_leave_line_ends_their_session()
    {
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, command => command switch
        {
            "lp" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.NoPlayers)],
            _ => [],
        });
        await using var system = await RunningSystem.StartAsync(_ => "", ["--GameOps:Players:Probe=true", "--GameOps:Players:ProbeAfterConnectSpread=00:00:00"]);
        system.StartAgent(extraServers:
        [
            new { id = ServerId, name = "Navezgane", kind = "7dtd-telnet", address = $"127.0.0.1:{game.Port}", password = TelnetPassword },
        ]);
        var hostId = system.Host.Host.Id;
        await Eventually.ReadAsync(
            () => system.Api.GetHostAsync(hostId),
            host => host.Status == HostStatus.Online && host.Servers.Any(server => server.Id == ServerId),
            Patience);

        // The probe after the Hello ran lp on the agent's job session, which carries the console's lines from then on.
        var probe = await Eventually.ReadAsync(
            () => GetAsync(system, $"/api/v1/hosts/{hostId}/servers/{ServerId}/jobs?actor=players-probe"),
            page => page.GetProperty("jobs").EnumerateArray().Any(job => job.GetProperty("state").GetString() is not ("Queued" or "Dispatched" or "Running")),
            Patience);
        Assert.Equal("Succeeded", probe.GetProperty("jobs")[0].GetProperty("state").GetString());

        await game.PublishLogAsync($"PlayerSpawnedInWorld (reason: JoinMultiplayer, position: -3121, 91, 1078): EntityID=171, {Ids}, PlayerName='Ünï, the Builder', ClientNumber='1'");
        var online = await Eventually.ReadAsync(() => PlayersAsync(system), players => players.Length > 0, Patience);
        Assert.Equal(["Ünï, the Builder"], online.Select(player => player.GetProperty("name").GetString()));

        await game.PublishLogAsync($"Player disconnected: EntityID=171, {Ids}, PlayerName='Ünï, the Builder', ClientNumber='1'");
        await Eventually.ReadAsync(() => PlayersAsync(system), players => players.Length == 0, Patience);
        var sessions = await GetAsync(system, $"/api/v1/hosts/{hostId}/servers/{ServerId}/sessions");
        var session = Assert.Single(sessions.GetProperty("sessions").EnumerateArray());
        Assert.Equal(online[0].GetProperty("sessionId").GetString(), session.GetProperty("sessionId").GetString());
        Assert.False(session.GetProperty("endReconciled").GetBoolean());
        Assert.True(session.GetProperty("durationSeconds").GetDouble() >= 0, session.ToString());
    }

    [Fact]
    public async Task A_player_whose_leave_line_never_came_is_closed_as_reconciled_by_the_periodic_probe()
    {
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, command => command switch
        {
            "lp" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.NoPlayers)],
            _ => [],
        });
        // The shortest interval allowed: the first periodic probe comes between 30 and 90 s after the agent's Hello.
        await using var system = await RunningSystem.StartAsync(_ => "",
            ["--GameOps:Players:Probe=true", "--GameOps:Players:ProbeAfterConnectSpread=00:00:00", "--GameOps:Players:ProbeInterval=00:01:00"]);
        system.StartAgent(extraServers:
        [
            new { id = ServerId, name = "Navezgane", kind = "7dtd-telnet", address = $"127.0.0.1:{game.Port}", password = TelnetPassword },
        ]);
        var hostId = system.Host.Host.Id;
        await Eventually.ReadAsync(
            () => system.Api.GetHostAsync(hostId),
            host => host.Status == HostStatus.Online && host.Servers.Any(server => server.Id == ServerId),
            Patience);
        await Eventually.ReadAsync(
            () => GetAsync(system, $"/api/v1/hosts/{hostId}/servers/{ServerId}/jobs?actor=players-probe"),
            page => page.GetProperty("jobs").EnumerateArray().Any(job => job.GetProperty("state").GetString() == "Succeeded"),
            Patience);

        await game.PublishLogAsync($"PlayerSpawnedInWorld (reason: JoinMultiplayer, position: -3121, 91, 1078): EntityID=171, {Ids}, PlayerName='Ghost', ClientNumber='1'");
        var online = await Eventually.ReadAsync(() => PlayersAsync(system), players => players.Length > 0, Patience);
        // No leave line: the game's lp, which lists nobody, is all that says the player has gone.
        await Eventually.ReadAsync(() => PlayersAsync(system), players => players.Length == 0, ReconcilePatience);

        var sessions = await GetAsync(system, $"/api/v1/hosts/{hostId}/servers/{ServerId}/sessions");
        var session = Assert.Single(sessions.GetProperty("sessions").EnumerateArray());
        Assert.Equal(["Ghost"], online.Select(player => player.GetProperty("name").GetString()));
        Assert.Equal(online[0].GetProperty("sessionId").GetString(), session.GetProperty("sessionId").GetString());
        Assert.True(session.GetProperty("endReconciled").GetBoolean(), session.ToString());
        Assert.False(session.GetProperty("startReconciled").GetBoolean(), session.ToString());
    }

    private static async Task<JsonElement[]> PlayersAsync(RunningSystem system) =>
        [.. (await GetAsync(system, $"/api/v1/hosts/{system.Host.Host.Id}/servers/{ServerId}/players")).GetProperty("players").EnumerateArray()];

    private static async Task<JsonElement> GetAsync(RunningSystem system, string path)
    {
        using var document = JsonDocument.Parse(await system.Api.Client.GetStringAsync(path));
        return document.RootElement.Clone();
    }
}
