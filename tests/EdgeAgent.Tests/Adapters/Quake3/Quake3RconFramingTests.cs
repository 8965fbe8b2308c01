using System.Diagnostics;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>Framing, loss and silence, against <see cref="Quake3RconDouble"/>: what a real server will not do on cue.</summary>
public sealed class Quake3RconFramingTests
{
    private const string Password = "double-pw";

    private static readonly Quake3RconClientOptions FastOptions = new()
    {
        QuietPeriod = TimeSpan.FromMilliseconds(250),
        ResendAfter = TimeSpan.FromMilliseconds(400),
    };

    private static Quake3RconAdapter NewAdapter(Quake3RconClientOptions? options = null) =>
        new(NullLoggerFactory.Instance, TimeProvider.System, options ?? FastOptions);

    private static GameServerConfig Server(Quake3RconDouble game) => new()
    {
        Id = "q3",
        Name = "Quake 3 double",
        Kind = Quake3RconAdapter.KindName,
        Address = new ServerAddress(game.Host, game.Port),
        Password = Password,
        AllowedActions = Quake3RconAdapter.Actions,
    };

    private static Dictionary<string, string> Command(string command) => new() { [Quake3RconAdapter.CommandArgument] = command };

    private static CancellationTokenSource Deadline(double seconds = 10) => new(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Request_on_the_wire_is_the_rcon_line_after_the_oob_marker()
    {
        await using var game = new Quake3RconDouble((_, _) => [Quake3RconDouble.Print("ok\n")]);
        var adapter = NewAdapter();
        using var deadline = Deadline();

        await adapter.ExecuteAsync(Server(game), GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "hi all" }, deadline.Token);

        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, .. "rcon double-pw say \"hi all\""u8], Assert.Single(game.Requests));
    }

    [Theory]
    [InlineData(GameActions.PlayerKick, "player", "Nobody", "game server 'q3' refused player.kick: Player Nobody is not on the server")]
    [InlineData(GameActions.PlayerKick, "player", "7", "game server 'q3' refused player.kick: Client 7 is not active")]
    [InlineData(GameActions.PlayerKick, "player", "99", "game server 'q3' refused player.kick: Bad client slot: 99")]
    [InlineData(GameActions.ConsoleRaw, "command", "nosuchcmd", "game server 'q3' refused console.raw: unknown command: nosuchcmd")]
    public async Task Command_the_engine_refuses_fails_the_job_in_the_engines_words(string action, string argument, string value, string error)
    {
        await using var game = new Quake3RconDouble((command, _) => [Quake3RconDouble.Refusal(command) ?? Quake3RconDouble.Print("ok\n")]);
        using var deadline = Deadline();

        var refused = await Assert.ThrowsAsync<GameAdapterException>(
            () => NewAdapter().ExecuteAsync(Server(game), action, new Dictionary<string, string> { [argument] = value }, deadline.Token));

        Assert.Equal(error, refused.Message);
    }

    [Fact]
    public async Task Datagrams_arriving_within_the_quiet_period_form_one_answer()
    {
        var clock = new FakeTimeProvider();
        await using var game = new Quake3RconDouble(
            (_, _) => [Quake3RconDouble.Print("first\n"), Quake3RconDouble.Print("second\n", 100), Quake3RconDouble.Print("third\n", 150)], clock);
        var options = FastOptions with { QuietPeriod = TimeSpan.FromSeconds(1) };
        var adapter = new Quake3RconAdapter(NullLoggerFactory.Instance, clock, options);
        using var deadline = Deadline();

        var running = adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("cvarlist"), deadline.Token);
        await game.WaitUntilSentAsync(1, deadline.Token);
        clock.Advance(TimeSpan.FromMilliseconds(100)); // both gaps are shorter than the quiet period however late the client reads
        await game.WaitUntilSentAsync(2, deadline.Token);
        clock.Advance(TimeSpan.FromMilliseconds(150));
        await game.WaitUntilSentAsync(3, deadline.Token);
        var result = await FakeClock.AdvanceUntilDoneAsync(clock, options.QuietPeriod, running, deadline.Token);

        Assert.Equal("first\nsecond\nthird\n", result.Text);
    }

    [Fact]
    public async Task Datagram_after_the_quiet_period_reaches_neither_this_answer_nor_the_next()
    {
        var clock = new FakeTimeProvider();
        await using var game = new Quake3RconDouble((command, _) => command == "slow"
            ? [Quake3RconDouble.Print("early\n"), Quake3RconDouble.Print("late\n", 60_000)]
            : [Quake3RconDouble.Print("next\n")], clock);
        var adapter = new Quake3RconAdapter(NullLoggerFactory.Instance, clock, FastOptions);
        using var deadline = Deadline();

        var slow = adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("slow"), deadline.Token);
        await game.WaitUntilSentAsync(1, deadline.Token);
        var slowResult = await FakeClock.AdvanceUntilDoneAsync(clock, FastOptions.QuietPeriod, slow, deadline.Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await game.WaitUntilSentAsync(2, deadline.Token); // "late" has left, before the next request
        var next = adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("other"), deadline.Token);
        await game.WaitUntilSentAsync(3, deadline.Token);
        var nextResult = await FakeClock.AdvanceUntilDoneAsync(clock, FastOptions.QuietPeriod, next, deadline.Token);

        Assert.Equal("early\n", slowResult.Text);
        Assert.Equal("next\n", nextResult.Text);
    }

    [Fact]
    public async Task Lost_status_request_is_sent_again()
    {
        await using var game = new Quake3RconDouble((_, index) => index == 0 ? [] : [Quake3RconDouble.Print(Quake3StatusFixtures.OpenArenaBots)]);
        var adapter = NewAdapter();
        using var deadline = Deadline();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.PlayersList, new Dictionary<string, string>(), deadline.Token);

        Assert.Equal(2, game.Requests.Count);
        Assert.Equal(3, JsonSerializer.Deserialize(result.DataJson!, GameResultJson.Default.PlayerList)!.Players.Count);
    }

    [Fact]
    public async Task Unanswered_console_command_is_sent_once_and_fails_at_the_deadline()
    {
        await using var game = new Quake3RconDouble((_, _) => []);
        var adapter = NewAdapter();
        using var deadline = Deadline(1.5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("map oa_dm2"), deadline.Token));

        Assert.Single(game.Requests);
    }

    [Fact]
    public async Task Answer_larger_than_the_limit_fails_the_command()
    {
        var slice = new string('x', 1000) + "\n";
        await using var game = new Quake3RconDouble((_, _) => Enumerable.Range(0, 20).Select(_ => Quake3RconDouble.Print(slice)));
        var adapter = NewAdapter(FastOptions with { MaxResponseBytes = 8 * 1024 });
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("cvarlist"), deadline.Token));

        Assert.Equal("game server 'q3' sent an rcon answer larger than 8192 bytes; the rest was ignored", error.Message);
    }

    [Fact]
    public async Task Port_without_a_server_fails_at_once_instead_of_at_the_deadline()
    {
        var server = new GameServerConfig
        {
            Id = "q3",
            Name = "Nobody",
            Kind = Quake3RconAdapter.KindName,
            Address = new ServerAddress("127.0.0.1", TestPorts.FreeUdp()),
            Password = Password,
            AllowedActions = Quake3RconAdapter.Actions,
        };
        var adapter = NewAdapter();
        using var deadline = Deadline(30);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ProbeAsync(server, deadline.Token));

        Assert.Equal("could not reach game server 'q3' over UDP (ConnectionRefused)", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }
}
