using System.Text;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.SevenDays;

public sealed class SevenDaysTelnetAdapterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "telnet-pw-5c2e9a";
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(200);

    private readonly RecordingConsoleLineSink _sink = new();
    private readonly CapturingLoggerProvider _logs = new(output);
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(20));
    private readonly List<IAsyncDisposable> _owned = [];

    private CancellationToken Timeout => _testTimeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _testTimeout.Dispose();
    }

    /// <summary>Answers every command the way the tests' game does: the fixtures, and <c>ran:&lt;command&gt;</c> for the rest.</summary>
    private static IEnumerable<SevenDaysTelnetLine> Fixtures(string command) => command switch
    {
        "lp" => SevenDaysFixtures.PlayerLines.Select(SevenDaysTelnetLine.Output),
        "gt" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.GameTime)],
        "version" => SevenDaysFixtures.VersionLines.Select(SevenDaysTelnetLine.Output),
        "mem" => [SevenDaysTelnetLine.Output(SevenDaysFixtures.MemLine)],
        _ => [SevenDaysTelnetLine.Output("ran:" + command)],
    };

    private SevenDaysTelnetTestServer Game(Func<string, IEnumerable<SevenDaysTelnetLine>>? handler = null)
    {
        var game = new SevenDaysTelnetTestServer(Password, handler ?? Fixtures);
        _owned.Add(game);
        return game;
    }

    private SevenDaysTelnetAdapter Adapter(SevenDaysTelnetOptions? options = null, TimeProvider? clock = null)
    {
        var adapter = new SevenDaysTelnetAdapter(
            new Microsoft.Extensions.Logging.LoggerFactory([_logs]),
            clock ?? TimeProvider.System,
            _sink,
            options ?? new SevenDaysTelnetOptions { QuietPeriod = QuietPeriod, PasswordRetryDelay = TimeSpan.Zero });
        _owned.Add(adapter);
        return adapter;
    }

    private static GameServerConfig Server(SevenDaysTelnetTestServer game, string password = Password) => new()
    {
        Id = TestConfigs.ServerId,
        Name = "7 Days test",
        Kind = SevenDaysTelnetAdapter.KindName,
        Address = new ServerAddress(game.Host, game.Port),
        Password = password,
        AllowedActions = SevenDaysTelnetAdapter.Actions,
    };

    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Fact]
    public async Task Right_password_logs_in_and_the_answer_comes_back_typed()
    {
        var game = Game();
        var adapter = Adapter();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ServerTime, Args(), Timeout);

        Assert.Equal("Day 128, 11:24\n", result.Text);
        Assert.Equal("""{"day":128,"hour":11,"minute":24}""", result.DataJson);
        Assert.Equal(1, game.SuccessfulLogins);
        Assert.Equal(0, game.FailedLogins);
    }

    [Theory]
    [InlineData(ServerWriteMode.Coalesced)]
    [InlineData(ServerWriteMode.ByteByByte)]
    public async Task Wrong_password_fails_clearly_without_the_password_and_is_not_retried(ServerWriteMode mode)
    {
        const string wrong = "not-the-password-81d3";
        var game = Game();
        game.WriteMode = mode;
        var adapter = Adapter(new SevenDaysTelnetOptions { QuietPeriod = QuietPeriod, PasswordRetryDelay = TimeSpan.FromMinutes(5) });

        var first = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ExecuteAsync(Server(game, wrong), GameActions.ServerTime, Args(), Timeout));
        var second = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ExecuteAsync(Server(game, wrong), GameActions.ServerTime, Args(), Timeout));

        Assert.Equal($"game server '{TestConfigs.ServerId}' refused the telnet password configured on this host", first.Message);
        Assert.Contains("not tried again yet", second.Message, StringComparison.Ordinal);
        Assert.Equal(1, game.FailedLogins);
        Assert.Equal(1, game.Connections);
        Assert.DoesNotContain(_logs.Lines.Snapshot(), line => line.Contains(wrong, StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_console_fails_with_a_connection_error()
    {
        var game = Game();
        var server = Server(game);
        await game.DisposeAsync();
        _owned.Remove(game);

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => Adapter().ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout));

        Assert.Equal($"could not connect to the telnet console of game server '{TestConfigs.ServerId}' (ConnectionRefused)", error.Message);
    }

    public static TheoryData<string, (string, string)[], string> ActionBytes => new()
    {
        { GameActions.PlayersList, [], "lp\r\n" },
        { GameActions.ServerTime, [], "gt\r\n" },
        { GameActions.ServerVersion, [], "version\r\n" },
        { GameActions.ServerStats, [], "mem\r\n" },
        { GameActions.WorldSave, [], "saveworld\r\n" },
        { GameActions.ServerShutdown, [], "shutdown\r\n" },
        { GameActions.ChatSay, [("message", "Blood moon \"tonight\" 🩸")], "say \"Blood moon \"\"tonight\"\" 🩸\"\r\n" },
        { GameActions.PlayerKick, [("player", "Bob, the Builder"), ("reason", "afk")], "kick \"Bob, the Builder\" \"afk\"\r\n" },
        { GameActions.PlayerBan, [("player", "Steam_76561198000000001"), ("duration", "7 days"), ("reason", "x-ray")], "ban add \"Steam_76561198000000001\" 7 day \"x-ray\"\r\n" },
        { GameActions.ConsoleRaw, [("command", "  spawnairdrop  ")], "spawnairdrop\r\n" },
    };

    [Theory]
    [MemberData(nameof(ActionBytes))]
    public async Task Each_action_sends_its_exact_command_bytes_once(string action, (string, string)[] arguments, string bytes)
    {
        var game = Game();

        await Adapter().ExecuteAsync(Server(game), action, Args(arguments), Timeout);

        var sent = Assert.Single(game.CommandBytes);
        Assert.Equal(Encoding.UTF8.GetBytes(bytes), sent);
        Assert.Equal(1, game.TotalExecutions);
    }

    [Fact]
    public async Task Interleaved_log_lines_reach_the_sink_once_in_order_and_never_the_answer()
    {
        var logs = Enumerable.Range(1, 6).Select(i => SevenDaysTelnetLine.Log($"Chunk {i} saved, Player 'x' at pos=(1, 2, 3)")).ToArray();
        var game = Game(command => command != "lp" ? Fixtures(command) :
        [
            logs[0],
            logs[1],
            SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[0]),
            logs[2],
            SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[1]),
            SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[2]),
            SevenDaysTelnetLine.Wait(TimeSpan.FromMilliseconds(30)), // a second TCP segment
            logs[3],
            SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[3]),
            logs[4],
            SevenDaysTelnetLine.Output(SevenDaysFixtures.PlayerLines[4]),
            logs[5],
        ]);
        // On a clock that never moves the quiet period cannot end the answer early, however long the gap really takes:
        // only the known last line of lp ends it.
        var adapter = Adapter(clock: new FakeTimeProvider());

        var result = await adapter.ExecuteAsync(Server(game), GameActions.PlayersList, Args(), Timeout);

        Assert.Equal(string.Concat(SevenDaysFixtures.PlayerLines.Select(line => line + "\n")), result.Text);
        using var data = JsonDocument.Parse(result.DataJson!);
        Assert.Equal(SevenDaysFixtures.PlayerNames, data.RootElement.GetProperty("players").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var sent = game.LogLinesSent;
        Assert.Equal(7, sent.Count); // the echo and the six log lines
        Assert.Equal(sent, await _sink.WaitForLinesAsync(sent.Count, "the echo and the interleaved log lines"));
        Assert.All(_sink.Published.Snapshot(), entry => Assert.Equal(TestConfigs.ServerId, entry.ServerId));
    }

    [Fact]
    public async Task Log_lines_keep_flowing_to_the_sink_between_commands()
    {
        var game = Game();
        var adapter = Adapter();
        await adapter.ExecuteAsync(Server(game), GameActions.ServerTime, Args(), Timeout);

        var first = await game.PublishLogAsync("Player connected, entityid=171, name=Alice");
        var second = await game.PublishLogAsync("GMSG: Player 'Alice' joined the game");

        var lines = await _sink.WaitForLinesAsync(3, "the echo and two idle log lines");
        Assert.Equal([first, second], lines.Skip(1));
    }

    [Fact]
    public async Task Answer_without_a_known_last_line_ends_after_the_quiet_period()
    {
        var quiet = TimeSpan.FromMilliseconds(600);
        var clock = new FakeTimeProvider();
        var logLineSent = new TaskCompletionSource();
        var lateOutputSent = new TaskCompletionSource();
        const string outputRead = "output read up to here";
        const string midAnswerLog = "a log line does not extend the answer";
        var game = Game(command => command != "version" ? Fixtures(command) :
        [
            SevenDaysTelnetLine.Output(SevenDaysFixtures.VersionLines[0]),
            SevenDaysTelnetLine.Output(SevenDaysFixtures.VersionLines[1]),
            SevenDaysTelnetLine.Log(outputRead),
            SevenDaysTelnetLine.Until(logLineSent.Task),
            SevenDaysTelnetLine.Log(midAnswerLog),
            SevenDaysTelnetLine.Until(lateOutputSent.Task),
            SevenDaysTelnetLine.Output("late output after the quiet period"),
        ]);
        var adapter = Adapter(new SevenDaysTelnetOptions { QuietPeriod = quiet }, clock);
        var server = Server(game);

        var version = adapter.ExecuteAsync(server, GameActions.ServerVersion, Args(), Timeout);
        // One reader takes the lines in order: once the log line after the output is in the sink, the output was read.
        await _sink.Published.WaitForCountAsync(entry => entry.Line.EndsWith(outputRead, StringComparison.Ordinal), 1, "the log line after the output");
        clock.Advance(quiet / 2);
        logLineSent.SetResult();
        await _sink.Published.WaitForCountAsync(entry => entry.Line.EndsWith(midAnswerLog, StringComparison.Ordinal), 1, "the log line within the quiet period");
        Assert.False(version.IsCompleted);
        clock.Advance(quiet / 2); // the quiet period since the last output, which the log line did not restart

        Assert.Equal(SevenDaysFixtures.VersionLines[0] + "\n" + SevenDaysFixtures.VersionLines[1] + "\n", (await version).Text);
        lateOutputSent.SetResult();
        await _sink.Published.WaitForCountAsync(entry => entry.Line == "late output after the quiet period", 1, "the output after the answer ended");
        var time = await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);
        Assert.Equal("Day 128, 11:24\n", time.Text);
    }

    [Fact]
    public async Task Command_with_no_output_returns_empty_after_the_quiet_period()
    {
        var game = Game(_ => []);

        var result = await Adapter().ExecuteAsync(Server(game), GameActions.WorldSave, Args(), Timeout);

        Assert.Equal(string.Empty, result.Text);
        Assert.Null(result.DataJson);
    }

    [Fact]
    public async Task Game_hung_mid_answer_fails_the_job_at_its_deadline_and_the_next_job_reconnects()
    {
        var game = Game();
        game.HangAfterOutputLines = 2;
        var adapter = Adapter();
        var server = Server(game);
        var config = TestConfigs.Agent("/unused/journal.jsonl", [server]);
        var runner = new JobRunner(
            config, new GameAdapterRegistry([adapter]), new ServerPolicies(config, TimeProvider.System), TimeProvider.System, NullLogger<JobRunner>.Instance);

        var hung = await runner.RunAsync(TestConfigs.Assignment("job-hung", GameActions.PlayersList, TimeSpan.FromSeconds(1.5)), Timeout);
        game.HangAfterOutputLines = null;
        var next = await runner.RunAsync(TestConfigs.Assignment("job-next", GameActions.PlayersList), Timeout);

        Assert.False(hung.Succeeded);
        Assert.StartsWith("the job did not finish before its deadline", hung.Error, StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Error);
        Assert.Equal(2, game.Connections);
        Assert.Equal(2, game.ExecutionCount("lp"));
        Assert.Contains(_logs.Lines.Snapshot(), line => line.Contains("Command 'lp' on game server game did not complete (announced by the game: True, output lines received: 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_connection_is_replaced_and_the_command_runs_once()
    {
        var game = Game();
        var adapter = Adapter();
        var server = Server(game);
        await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);

        game.DropConnections();
        var result = await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);

        Assert.Equal("Day 128, 11:24\n", result.Text);
        Assert.Equal(2, game.Connections);
        Assert.Equal(2, game.ExecutionCount("gt"));
    }

    [Fact]
    public async Task Probe_runs_gt_on_its_own_session_which_publishes_nothing()
    {
        var game = Game();

        await Adapter().ProbeAsync(Server(game), Timeout);

        Assert.Equal(["gt"], game.Commands);
        Assert.Empty(_sink.Lines); // its echo came before its answer on that session, and was dropped
    }

    [Fact]
    public async Task Probe_and_jobs_use_two_sessions_and_each_log_line_reaches_the_sink_once()
    {
        var game = Game();
        var adapter = Adapter();
        var server = Server(game);
        await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);

        await adapter.ProbeAsync(server, Timeout);
        await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);
        await game.PublishLogAsync("Saving 12 of 12 chunks");

        Assert.Equal(2, game.Connections);
        Assert.Equal(["gt", "gt", "gt"], game.Commands);
        var sent = game.LogLinesSent; // three echoes (the probe's reaches both sessions) and the log line
        Assert.Equal(4, sent.Count);
        Assert.Equal(sent, await _sink.WaitForLinesAsync(4, "three echoes and a log line"));
        Assert.Equal(4, _sink.Published.Count);
    }

    [Fact]
    public async Task Answer_the_agent_cannot_read_fails_with_the_reason()
    {
        var game = Game(_ => [SevenDaysTelnetLine.Output("0. id=171, Alice, pos=(1, 2, 3)"), SevenDaysTelnetLine.Output("Total of 2 in the game")]);

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => Adapter().ExecuteAsync(Server(game), GameActions.PlayersList, Args(), Timeout));

        Assert.Equal(
            $"game server '{TestConfigs.ServerId}' answered 'lp' in a form the agent cannot read (the answer lists 1 players but says 'Total of 2 in the game')",
            error.Message);
    }

    [Fact]
    public async Task Overlong_lines_are_cut_in_the_answer_and_in_the_sink()
    {
        var longOutput = new string('o', 20_000);
        var longLog = SevenDaysTelnetLine.Log(new string('l', 20_000));
        var game = Game(command => command == "dumplong" ? [longLog, SevenDaysTelnetLine.Output(longOutput)] : Fixtures(command));
        var adapter = Adapter();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Args(("command", "dumplong")), Timeout);

        Assert.Equal(longOutput[..ConsoleLines.MaxLineBytes] + ConsoleLines.CutMarker + "\n", result.Text);
        var lines = await _sink.WaitForLinesAsync(2, "the echo and the long log line");
        Assert.Equal(longLog.Text![..ConsoleLines.MaxLineBytes] + ConsoleLines.CutMarker, lines[1]);
    }

    [Fact]
    public async Task Answer_over_the_size_limit_fails_and_resets_the_session()
    {
        var game = Game(command => command == "lp" ? Enumerable.Repeat(SevenDaysFixtures.PlayerLines[0], 50).Select(SevenDaysTelnetLine.Output) : Fixtures(command));
        var adapter = Adapter(new SevenDaysTelnetOptions { QuietPeriod = QuietPeriod, MaxAnswerBytes = 4096 });
        var server = Server(game);

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ExecuteAsync(server, GameActions.PlayersList, Args(), Timeout));
        var next = await adapter.ExecuteAsync(server, GameActions.ServerTime, Args(), Timeout);

        Assert.Equal($"game server '{TestConfigs.ServerId}' sent an answer larger than 4096 bytes; the telnet session was reset", error.Message);
        Assert.Equal("Day 128, 11:24\n", next.Text);
        Assert.Equal(2, game.Connections);
    }

    [Fact]
    public async Task Commands_to_one_server_run_one_at_a_time()
    {
        // The game stays busy for a moment after each answer, so the commands queue up behind one another.
        var game = Game(command => [SevenDaysTelnetLine.Output("ran:" + command), SevenDaysTelnetLine.Wait(TimeSpan.FromMilliseconds(50))]);
        var adapter = Adapter();
        var server = Server(game);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Args(("command", $"cmd{i}")), Timeout)));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"ran:cmd{i}\n"), results.Select(r => r.Text));
        Assert.Equal(1, game.Connections);
    }

    [Fact]
    public async Task Statistics_mem_prints_as_a_log_line_are_its_answer_typed_and_still_reach_the_sink()
    {
        var game = Game(SevenDaysConsoleAnswers.Answer);

        var result = await Adapter().ExecuteAsync(Server(game), GameActions.ServerStats, Args(), Timeout);

        var logLine = Assert.Single(game.LogLinesSent, line => line.EndsWith(SevenDaysFixtures.MemLine, StringComparison.Ordinal));
        Assert.Equal(logLine + "\n", result.Text);
        Assert.Contains("\"players\":4", result.DataJson, StringComparison.Ordinal);
        Assert.Contains(logLine, await _sink.WaitForLinesAsync(2, "the echo and the statistics"));
    }

    [Theory]
    [InlineData(GameActions.ChatSay, "message", "Blood moon \"tonight\"; quit", "Chat (from '-non-player-', entity id '-1', to 'Global'): Blood moon \"tonight\"; quit")]
    [InlineData(GameActions.WorldSave, null, null, "World saved")]
    public async Task Command_that_confirms_with_a_log_line_has_it_as_its_output(string action, string? argument, string? value, string confirmation)
    {
        var game = Game(SevenDaysConsoleAnswers.Answer);

        var result = await Adapter().ExecuteAsync(Server(game), action, argument is null ? Args() : Args((argument, value!)), Timeout);

        var logLine = Assert.Single(game.LogLinesSent, line => line.EndsWith(confirmation, StringComparison.Ordinal));
        Assert.Equal(logLine + "\n", result.Text);
        Assert.Contains(logLine, await _sink.WaitForLinesAsync(2, "the echo and the confirmation"));
    }

    [Fact]
    public async Task Kick_has_the_games_log_line_and_its_output_as_its_answer()
    {
        var game = Game(SevenDaysConsoleAnswers.Answer);

        var result = await Adapter().ExecuteAsync(Server(game), GameActions.PlayerKick, Args(("player", "Alice"), ("reason", "afk")), Timeout);

        var kicking = Assert.Single(game.LogLinesSent, line => line.Contains(" INF Kicking player (Kick: afk): EntityID=171, ", StringComparison.Ordinal));
        Assert.Equal($"{kicking}\nKicking Player Alice: afk\n", result.Text);
    }

    [Fact]
    public async Task Log_lines_that_do_not_answer_the_command_stay_out_of_its_answer()
    {
        var chat = "Chat (from '-non-player-', entity id '-1', to 'Global'): something else";
        var game = Game(command => command.StartsWith("say ", StringComparison.Ordinal)
            ? [SevenDaysTelnetLine.Log(chat), SevenDaysTelnetLine.Log("Time: 1.00m FPS: 30.00 Heap: 1.0MB Max: 2.0MB"), .. SevenDaysConsoleAnswers.Answer(command)]
            : Fixtures(command));

        var result = await Adapter().ExecuteAsync(Server(game), GameActions.ChatSay, Args(("message", "hello")), Timeout);

        Assert.EndsWith(" INF Chat (from '-non-player-', entity id '-1', to 'Global'): hello\n", result.Text, StringComparison.Ordinal);
        Assert.Single(result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(GameActions.PlayerKick, "player", "nobody", "\"nobody\" is not a valid entity id, player name or user id.")]
    [InlineData(GameActions.ConsoleRaw, "command", "nosuchcmd", "*** ERROR: unknown command 'nosuchcmd'")]
    [InlineData(GameActions.ConsoleRaw, "command", "kick", "Wrong number of arguments, expected at least 1, found 0.")]
    public async Task Command_the_game_refuses_fails_the_job_in_the_games_words(string action, string argument, string value, string refusal)
    {
        var game = Game(SevenDaysConsoleAnswers.Answer);

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => Adapter().ExecuteAsync(Server(game), action, Args((argument, value)), Timeout));

        Assert.Equal($"game server '{TestConfigs.ServerId}' refused {action}: {refusal}", error.Message);
    }
}
