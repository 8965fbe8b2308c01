using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Hosts;

namespace GameOps.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class ScheduleTests
{
    private const string TelnetPassword = "telnet-secret-schedules";
    private const string ServerId = "navezgane";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_restart_countdown_reaches_the_game_as_says_at_its_marks_then_saveworld_then_shutdown_each_once()
    {
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer);
        // A run looks at the clock ten times a second here, so a 1-second mark is seen with most of its second left.
        await using var system = await RunningSystem.StartAsync(_ => "", ["--GameOps:Schedules:RunTick=00:00:00.100"]);
        system.StartAgent(extraServers:
        [
            new { id = ServerId, name = "Navezgane", kind = "7dtd-telnet", address = $"127.0.0.1:{game.Port}", password = TelnetPassword },
        ]);
        var hostId = system.Host.Host.Id;
        await Eventually.ReadAsync(
            () => system.Api.GetHostAsync(hostId),
            host => host.Status == HostStatus.Online && host.Servers.Any(server => server.Id == ServerId),
            Patience);

        using var created = await system.Api.Client.PostAsJsonAsync("/api/v1/schedules", new
        {
            name = "Restart now",
            cron = "0 4 1 1 *",
            timeZone = "UTC",
            targets = new[] { new { hostId, serverId = ServerId } },
            steps = new[] { new { kind = "RestartWithCountdown", marks = new[] { 3, 1 }, text = "Restart in {remaining}" } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var scheduleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var started = await system.Api.Client.PostAsync($"/api/v1/schedules/{scheduleId}/run", content: null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        var commands = await Eventually.ReadAsync(
            () => Task.FromResult(game.Commands.Where(IsScheduled).ToArray()),
            sent => sent.Contains("shutdown"),
            Patience);
        Assert.True(
            commands.SequenceEqual(["say \"Restart in 3 seconds\"", "say \"Restart in 1 second\"", "saveworld", "shutdown"]),
            $"{string.Join(" | ", game.Commands)}\n{system.Diagnostics}");
        Assert.Equal(1, game.ExecutionCount("saveworld"));
        Assert.Equal(1, game.ExecutionCount("shutdown"));
    }

    private static bool IsScheduled(string command) => command.StartsWith("say ", StringComparison.Ordinal) || command is "saveworld" or "shutdown";
}
