using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Policy;
using GameOps.EdgeAgent.Tests.Channel;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Jobs;

public sealed class JobRunnerTests : IAsyncLifetime
{
    private const string Password = "rcon-pw-3e8a71";
    private const string StatusAnswer = "hostname: Test\nplayers : 2 humans, 0 bots (16 max)\n";

    // The answer above is a status report trimmed of its player lines: parsed, it lists nobody.
    private const string NoPlayersJson = """{"players":[]}""";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SourceRconTestServer _game = new(Password, command => command == "status" ? StatusAnswer : "ran:" + command);
    private readonly SourceRconAdapter _adapter = new(NullLoggerFactory.Instance, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _game.DisposeAsync();
    }

    private JobRunner Runner(params GameServerConfig[] servers)
    {
        var config = TestConfigs.Agent("/unused/journal.jsonl", servers.Length > 0 ? servers : [TestConfigs.Server(_game, Password)]);
        return new JobRunner(config, new GameAdapterRegistry([_adapter]), new ServerPolicies(config, TimeProvider.System), TimeProvider.System, NullLogger<JobRunner>.Instance);
    }

    private JobRunner Runner(TimeProvider clock, string password = Password)
    {
        var config = TestConfigs.Agent("/unused/journal.jsonl", [TestConfigs.Server(_game, password)]);
        return new JobRunner(config, new GameAdapterRegistry([_adapter]), new ServerPolicies(config, clock), clock, NullLogger<JobRunner>.Instance);
    }

    [Fact]
    public async Task Retry_safe_read_refused_on_transport_is_tried_again_and_succeeds_once_the_game_is_back()
    {
        var clock = new WaitRecordingTimeProvider();
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        _game.StopListening();

        var running = Runner(clock).RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList), CancellationToken.None);
        var deadlineWait = await clock.NextWaitAsync(Patience);
        var firstRetry = await clock.NextWaitAsync(Patience);
        clock.Advance(firstRetry);
        var secondRetry = await clock.NextWaitAsync(Patience);
        _game.StartListening();
        clock.Advance(secondRetry);
        var result = await running.WaitAsync(Patience);

        Assert.True(deadlineWait > secondRetry, $"The deadline wait {deadlineWait} came after the retries.");
        Assert.Equal((JobRunner.FirstRetryDelay, JobRunner.FirstRetryDelay * 2), (firstRetry, secondRetry));
        Assert.Equal(JobResult.Success(StatusAnswer, NoPlayersJson) with { Attempts = 3 }, result);
        Assert.Equal(1, _game.ExecutionCount("status"));
    }

    [Fact]
    public async Task Retry_safe_read_stops_trying_before_its_deadline_and_fails_with_its_attempts()
    {
        var clock = new WaitRecordingTimeProvider();
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        _game.StopListening();

        var running = Runner(clock).RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList, timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);
        await clock.NextWaitAsync(Patience);
        var retries = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            retries.Add(await clock.NextWaitAsync(Patience));
            clock.Advance(retries[^1]);
        }

        var result = await running.WaitAsync(Patience);

        // Tries at 0, 0.25 s, 0.75 s and 1.75 s; the next wait (2 s) would pass the 2 s deadline.
        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], retries);
        Assert.False(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Equal(4, result.Attempts);
        Assert.EndsWith("(tried 4 times before the deadline)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_that_may_change_the_game_is_never_retried()
    {
        var clock = new WaitRecordingTimeProvider();
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        _game.StopListening();

        var result = await Runner(clock).RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ChatSay, arguments: ("message", "hello")), CancellationToken.None).WaitAsync(Patience);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Attempts);
        Assert.StartsWith("could not connect to game server 'game'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_the_game_refuses_is_not_retried()
    {
        var clock = new WaitRecordingTimeProvider();
        clock.SetUtcNow(DateTimeOffset.UtcNow);

        var result = await Runner(clock, password: "wrong-password").RunAsync(
            TestConfigs.Assignment("job-1", GameActions.PlayersList), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(JobResult.Failure("game server 'game' refused the RCON password configured on this host"), result);
        Assert.Equal(1, _game.AuthAttempts);
    }

    [Fact]
    public async Task Unknown_server_fails_without_touching_any_game()
    {
        var result = await Runner().RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList, serverId: "nope"), CancellationToken.None);

        Assert.Equal(JobResult.Failure("no game server 'nope' on this host"), result);
        Assert.Equal(0, _game.PacketsReceived);
    }

    [Fact]
    public async Task Action_outside_the_servers_policy_is_refused()
    {
        var runner = Runner(TestConfigs.Server(_game, Password, allowedActions: [GameActions.PlayersList]));

        var result = await runner.RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "quit")), CancellationToken.None);

        Assert.Equal(JobResult.Failure("refused by policy: action 'console.raw' is not allowed (allowed: players.list)"), result);
        Assert.Equal(0, _game.PacketsReceived);
    }

    [Fact]
    public async Task Console_command_a_deny_pattern_matches_fails_naming_the_rule_is_logged_and_never_reaches_the_game()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var config = TestConfigs.Agent("/unused/journal.jsonl", [TestConfigs.Server(
            _game, Password, policy: new ServerPolicy { ConsoleDenyPatterns = [PolicyPattern.Create("shutdown", ignoreCase: true)] })]);
        var runner = new JobRunner(
            config, new GameAdapterRegistry([_adapter]), new ServerPolicies(config, TimeProvider.System), TimeProvider.System, loggerFactory.CreateLogger<JobRunner>());

        var result = await runner.RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "Shutdown")), CancellationToken.None);

        Assert.Equal(JobResult.Failure("refused by policy: console.raw deny pattern 'shutdown' matched"), result);
        Assert.Equal(0, _game.PacketsReceived);
        Assert.Contains(logs.Lines.Snapshot(), line =>
            line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("job-1 (console.raw on game server game) refused by policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_the_kind_does_not_have_is_refused_naming_the_kinds_actions_not_the_policy()
    {
        // No allowedActions in the config: every action of the kind is allowed, so no policy is involved.
        var result = await Runner().RunAsync(TestConfigs.Assignment("job-1", GameActions.WorldSave), CancellationToken.None);

        Assert.Equal(
            JobResult.Failure(
                "game kind 'source-rcon' of server 'game' has no action 'world.save'; its actions are " + string.Join(", ", SourceRconAdapter.Actions)),
            result);
        Assert.Equal(0, _game.PacketsReceived);
    }

    [Fact]
    public async Task Players_list_returns_the_games_status_answer()
    {
        var result = await Runner().RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList), CancellationToken.None);

        Assert.Equal(JobResult.Success(StatusAnswer, NoPlayersJson), result);
        Assert.Equal(1, _game.ExecutionCount("status"));
    }

    [Fact]
    public async Task Chat_say_sends_one_say_command_with_the_message()
    {
        var result = await Runner().RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ChatSay, arguments: ("message", "restart in 5 minutes; save now")),
            CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(1, _game.ExecutionCount("say \"restart in 5 minutes; save now\""));
        Assert.Equal(1, _game.TotalExecutions);
    }

    [Theory]
    [InlineData("status\nquit")]
    [InlineData("status\rquit")]
    [InlineData("status\0quit")]
    public async Task Raw_command_with_a_line_break_or_nul_is_refused_before_sending(string command)
    {
        var result = await Runner().RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", command)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("single line", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _game.PacketsReceived);
    }

    [Fact]
    public async Task Hanging_game_fails_the_job_at_its_deadline_and_the_next_job_reconnects()
    {
        _game.HangAfterBytes = 5;
        var runner = Runner();
        var stopwatch = Stopwatch.StartNew();

        // Long enough for the connection and its authentication on a loaded machine: the game must hang mid-answer, not
        // before the command reached it (a full run at 3a0199e saw a 500 ms deadline pass before the agent authenticated).
        var hung = await runner.RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList, TimeSpan.FromSeconds(2)), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(hung.Succeeded);
        Assert.True(hung.TimedOut);
        Assert.Contains("did not finish before its deadline", hung.Error, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        Assert.Equal(1, _game.AuthAttempts);

        _game.HangAfterBytes = null;
        var next = await runner.RunAsync(TestConfigs.Assignment("job-2", GameActions.PlayersList), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobResult.Success(StatusAnswer, NoPlayersJson), next);
        Assert.Equal(2, _game.AuthAttempts);
    }

    [Fact]
    public async Task Job_whose_deadline_passed_in_transit_is_not_run()
    {
        var result = await Runner().RunAsync(
            TestConfigs.Assignment("job-1", GameActions.PlayersList, TimeSpan.FromSeconds(-1)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.TimedOut);
        Assert.Contains("had passed when it reached the agent", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _game.PacketsReceived);
    }

    [Fact]
    public async Task Refused_password_fails_the_job_without_revealing_it()
    {
        const string wrong = "wrong-pw-90ab";
        var server = TestConfigs.Server(_game, wrong);

        var result = await Runner(server).RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList), CancellationToken.None);

        Assert.Equal(JobResult.Failure("game server 'game' refused the RCON password configured on this host"), result);
        Assert.DoesNotContain(wrong, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_echoed_by_the_game_is_redacted_from_the_output()
    {
        var result = await Runner().RunAsync(
            TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", $"echo {Password}")), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("ran:echo [redacted]", result.Output);
    }

    [Fact]
    public async Task Unreachable_game_fails_the_job_naming_the_server_not_its_address()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var server = new GameServerConfig
        {
            Id = "gone",
            Name = "Gone",
            Kind = SourceRconAdapter.KindName,
            Address = new ServerAddress("127.0.0.1", port),
            Password = Password,
            AllowedActions = SourceRconAdapter.Actions,
        };

        var result = await Runner(server).RunAsync(TestConfigs.Assignment("job-1", GameActions.PlayersList, serverId: "gone"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("could not connect to game server 'gone'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
    }
}
