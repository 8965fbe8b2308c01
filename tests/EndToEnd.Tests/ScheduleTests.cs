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

    // A run looks at the clock ten times a second here, so a 1-second mark is seen with most of its second left.
    private static readonly string[] SiloSettings = ["--GameOps:Schedules:RunTick=00:00:00.100"];

    [Fact]
    public async Task A_restart_countdown_reaches_the_game_as_says_at_its_marks_then_saveworld_then_shutdown_each_once()
    {
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer);
        await using var system = await StartAsync(game);
        await CreateAndRunAsync(system, [3, 1], "Resume");

        var commands = await ScheduledCommandsAsync(game, sent => sent.Contains("shutdown"), Patience);
        Assert.True(
            commands.SequenceEqual(["say \"Restart in 3 seconds\"", "say \"Restart in 1 second\"", "saveworld", "shutdown"]),
            $"{string.Join(" | ", game.Commands)}\n{system.Diagnostics}");
        Assert.Equal(1, game.ExecutionCount("saveworld"));
        Assert.Equal(1, game.ExecutionCount("shutdown"));
    }

    [Fact]
    public async Task A_countdown_whose_silo_was_killed_resumes_at_its_next_mark_when_the_silo_is_back_and_sends_nothing_twice()
    {
        var game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer);
        try
        {
            await using var system = await StartAsync(game);
            var scheduleId = await CreateAndRunAsync(system, [180, 30], "Resume");
            await ScheduledCommandsAsync(game, sent => sent.Length > 0, Patience);

            await system.RestartSiloAsync();

            // Nobody reads the schedule meanwhile: its reminder brings it back within a minute of the silo's start, well
            // before the 30-second mark, even when a busy machine takes a minute to start the silo.
            var commands = await ScheduledCommandsAsync(game, sent => sent.Contains("shutdown"), TimeSpan.FromMinutes(4));
            Assert.True(
                commands.SequenceEqual(["say \"Restart in 3 minutes\"", "say \"Restart in 30 seconds\"", "saveworld", "shutdown"]),
                $"{string.Join(" | ", game.Commands)}\n{system.Diagnostics}");
            Assert.Equal(1, game.ExecutionCount("saveworld"));
            Assert.Equal(1, game.ExecutionCount("shutdown"));

            // The game goes down and its supervisor brings it back on the same port: the agent's probe sees both.
            var port = game.Port;
            await game.DisposeAsync();
            await Eventually.ReadAsync(() => HealthAsync(system), health => health == "Down", Patience);
            game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer, port);
            var runs = await Eventually.ReadAsync(() => RunsAsync(system, scheduleId), r => r.All(run => Outcome(run) != "Running"), Patience);
            Assert.Equal("Succeeded", Outcome(Assert.Single(runs)));
        }
        finally
        {
            await game.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_countdown_whose_silo_was_killed_is_recorded_aborted_when_the_policy_says_so_and_sends_nothing_more()
    {
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer);
        await using var system = await StartAsync(game);
        var scheduleId = await CreateAndRunAsync(system, [40, 20], "Abort");
        var said = await ScheduledCommandsAsync(game, sent => sent.Length > 0, Patience);

        await system.RestartSiloAsync();

        var runs = await Eventually.ReadAsync(() => RunsAsync(system, scheduleId), r => r.Length > 0 && Outcome(r[0]) != "Running", Patience);
        var run = Assert.Single(runs);
        Assert.Equal("Aborted", Outcome(run));

        // Watch until well past the time the restart would have come.
        var restartAt = run.GetProperty("startedAt").GetDateTimeOffset().AddSeconds(45);
        while (DateTimeOffset.UtcNow < restartAt)
        {
            Assert.Equal(said, game.Commands.Where(IsScheduled).ToArray());
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(["say \"Restart in 40 seconds\""], game.Commands.Where(IsScheduled).ToArray());
    }

    private static async Task<RunningSystem> StartAsync(SevenDaysTelnetTestServer game)
    {
        var system = await RunningSystem.StartAsync(_ => "", SiloSettings);
        system.StartAgent(
            extraServers: [new { id = ServerId, name = "Navezgane", kind = "7dtd-telnet", address = $"127.0.0.1:{game.Port}", password = TelnetPassword }],
            healthProbeSeconds: 5);
        await Eventually.ReadAsync(
            () => system.Api.GetHostAsync(system.Host.Host.Id),
            host => host.Status == HostStatus.Online && host.Servers.Any(server => server.Id == ServerId),
            Patience);
        return system;
    }

    /// <summary>Creates a schedule whose only step is a restart with <paramref name="marks"/>, and runs it now.</summary>
    private static async Task<Guid> CreateAndRunAsync(RunningSystem system, int[] marks, string interrupted)
    {
        using var created = await system.Api.Client.PostAsJsonAsync("/api/v1/schedules", new
        {
            name = "Restart now",
            cron = "0 4 1 1 *",
            timeZone = "UTC",
            targets = new[] { new { hostId = system.Host.Host.Id, serverId = ServerId } },
            steps = new[] { new { kind = "RestartWithCountdown", marks, text = "Restart in {remaining}" } },
            interrupted,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var scheduleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var started = await system.Api.Client.PostAsync($"/api/v1/schedules/{scheduleId}/run", content: null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return scheduleId;
    }

    private static Task<string[]> ScheduledCommandsAsync(SevenDaysTelnetTestServer game, Func<string[], bool> condition, TimeSpan timeout) =>
        Eventually.ReadAsync(() => Task.FromResult(game.Commands.Where(IsScheduled).ToArray()), condition, timeout);

    private static async Task<JsonElement[]> RunsAsync(RunningSystem system, Guid scheduleId) =>
        [.. (await system.Api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/schedules/{scheduleId}/runs")).GetProperty("runs").EnumerateArray()];

    private static string? Outcome(JsonElement run) => run.GetProperty("outcome").GetString();

    private static async Task<string?> HealthAsync(RunningSystem system) =>
        (await system.Api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/hosts/{system.Host.Host.Id}/servers"))
            .EnumerateArray().Single(server => server.GetProperty("serverId").GetString() == ServerId).GetProperty("health").GetString();

    private static bool IsScheduled(string command) => command.StartsWith("say ", StringComparison.Ordinal) || command is "saveworld" or "shutdown";
}
