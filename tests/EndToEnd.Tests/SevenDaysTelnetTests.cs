using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class SevenDaysTelnetTests
{
    private const string TelnetPassword = "telnet-secret-e2e";
    private const string ServerId = "navezgane";

    [Fact]
    public async Task Players_list_keeps_every_name_and_interleaved_log_lines_reach_the_console_log_once_in_order()
    {
        // Log lines the game prints while it answers lp: between the echo and the output, between output lines, and
        // right after the last one, as a busy 7 Days to Die server does.
        var interleaved = new[]
        {
            SevenDaysTelnetLine.Log("Spawned [type=EntityZombie, name=zombieSteve, id=2043] at (12.5, 61.0, -40.5) Day 128"),
            SevenDaysTelnetLine.Log("Chat (from 'Steam_76561198000000001', entity id '171', to 'Global'): 'Alice': 0. id=999, fake, pos=(1, 2, 3)"),
            SevenDaysTelnetLine.Log("Total of 99 in the game", "WRN"),
            SevenDaysTelnetLine.Log("GMSG: Player 'Bob, the Builder' died"),
            SevenDaysTelnetLine.Log("Time: 1294.30m FPS: 38.90 Heap: 1843.0MB Max: 2311.7MB Chunks: 4512 CGO: 48 Ply: 4 Zom: 27 Ent: 61 (212) Items: 5 CO: 4 RSS: 6204.3MB"),
        };
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, command => command switch
        {
            "lp" =>
            [
                interleaved[0],
                SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[0]),
                interleaved[1],
                SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[1]),
                interleaved[2],
                SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[2]),
                SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[3]),
                interleaved[3],
                SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[4]),
                interleaved[4],
            ],
            "gt" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.GameTime)],
            _ => [],
        });
        await using var system = await RunningSystem.StartAsync(_ => "");
        var consoleLog = system.Folder.Combine("console", ServerId + ".log");
        system.StartAgent(
            extraServers:
            [
                new { id = ServerId, name = "Navezgane", kind = "7dtd-telnet", address = $"127.0.0.1:{game.Port}", password = TelnetPassword },
            ],
            consoleLogDirectory: system.Folder.Combine("console"));
        await Eventually.ReadAsync(
            () => system.Api.GetHostAsync(system.Host.Host.Id),
            host => host.Status == HostStatus.Online && host.Servers.Any(server => server.Id == ServerId),
            TimeSpan.FromSeconds(30));

        // The agent's health probe logs in on a session of its own first: the game sends that session every log line
        // too, and still each must reach the console log once.
        await Eventually.ReadAsync(() => Task.FromResult(game.SuccessfulLogins), logins => logins >= 1, TimeSpan.FromSeconds(30));

        var job = await system.Api.CreateJobAsync(system.Host.Host.Id, GameActions.PlayersList, serverId: ServerId);
        var done = await system.Api.WaitForJobAsync(job.Id, j => j.IsFinished, TimeSpan.FromSeconds(30));
        var idle = await game.PublishLogAsync("Player disconnected: EntityID=172, PltfmId='Steam_76561198000000002', OwnID='Steam_76561198000000002', PlayerName='Bob, the Builder'");

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{system.Diagnostics}");
        Assert.Equal(string.Concat(SevenDaysFixtures.PlayerLines.Select(line => line + "\n")), done.Output);
        using (var data = JsonDocument.Parse(done.Data!))
        {
            Assert.Equal(
                SevenDaysFixtures.PlayerNames,
                data.RootElement.GetProperty("players").EnumerateArray().Select(player => player.GetProperty("name").GetString()));
        }

        Assert.Equal(1, game.ExecutionCount("lp"));
        Assert.Equal(2, game.SuccessfulLogins);
        string[] expected = [.. interleaved.Select(line => line.Text!), idle];
        var logged = await Eventually.ReadAsync(
            () => Task.FromResult(File.Exists(consoleLog) ? File.ReadAllLines(consoleLog) : []),
            lines => lines.Contains(idle),
            TimeSpan.FromSeconds(10));
        var positions = expected.Select(line => Array.IndexOf(logged, line)).ToArray();
        Assert.All(expected, line => Assert.Single(logged, entry => entry == line));
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain(logged, line => SevenDaysFixtures.PlayerLines.Contains(line));
        Assert.Single(logged, line => line.Contains("INF Executing command 'lp' by Telnet from 127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(TelnetPassword, system.Agent!.Process.Output, StringComparison.Ordinal);
    }
}
