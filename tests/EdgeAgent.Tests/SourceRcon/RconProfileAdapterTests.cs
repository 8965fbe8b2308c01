using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging;
using static GameOps.EdgeAgent.Tests.SourceRcon.RconTestGames;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

/// <summary>Each game's profile through the adapter, against the RCON double playing that game byte for byte.</summary>
public sealed class RconProfileAdapterTests : IDisposable
{
    private const string Password = "profile-pw-5b2e";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _testTimeout = new(WaitLimit);

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    public static TheoryData<string, RconDialect, ServerWriteMode> EveryGame()
    {
        var data = new TheoryData<string, RconDialect, ServerWriteMode>();
        foreach (var (kind, dialect) in RconTestGames.All)
        {
            data.Add(kind, dialect, ServerWriteMode.Coalesced);
            data.Add(kind, dialect, ServerWriteMode.ByteByByte);
        }

        return data;
    }

    public static TheoryData<string, RconDialect, string, string[]> PlayerLists() => new()
    {
        { "source-rcon", RconDialect.Source, RconAnswerFixtures.SourceStatusTf2, ["Alice", "Bob \"the\" Builder", "Zoë, #1"] },
        { "minecraft-rcon", RconDialect.Minecraft, RconAnswerFixtures.MinecraftListUuids, ["Alice", "Bob_2"] },
        { "palworld-rcon", RconDialect.Palworld, RconAnswerFixtures.PalworldShowPlayers, ["Alice", "Bob, the builder"] },
        { "ark-rcon", RconDialect.Ark, RconAnswerFixtures.ArkListPlayers, ["Alice", "Bob, Jr."] },
        { "factorio-rcon", RconDialect.Factorio, RconAnswerFixtures.FactorioPlayersOnline, ["Alice", "bob-the-builder"] },
    };

    [Theory]
    [MemberData(nameof(PlayerLists))]
    public async Task Players_list_returns_the_answer_and_the_parsed_players(string kind, RconDialect dialect, string answer, string[] names)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, command => command == PlayersCommand(profile) ? answer : "?") { Dialect = dialect };
        await using var adapter = Adapter(profile);

        var result = await adapter.ExecuteAsync(Server(game, profile), GameActions.PlayersList, NoArguments, Timeout);

        Assert.Equal(answer, result.Text);
        Assert.Equal(GameResultJson.Serialize(profile.ParsePlayers(answer)), result.DataJson);
        Assert.Equal(names, profile.ParsePlayers(answer).Players.Select(player => player.Name));
        Assert.Equal(1, game.ExecutionCount(PlayersCommand(profile)));
    }

    [Theory]
    [MemberData(nameof(EveryGame))]
    public async Task Answer_longer_than_one_packet_is_joined_exactly(string kind, RconDialect dialect, ServerWriteMode mode)
    {
        // Three-byte characters, so the split lands inside a character at least once, and more than two packets of any game.
        var expected = string.Concat(Enumerable.Range(0, 1_800).Select(i => $"{i % 10}€ab\n"));
        Assert.True(Encoding.UTF8.GetByteCount(expected) > 2 * SourceRconTestServer.MinecraftMaxBodyBytes);
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => expected) { Dialect = dialect, WriteMode = mode };
        await using var adapter = Adapter(profile);

        var result = await adapter.ExecuteAsync(Server(game, profile), GameActions.ConsoleRaw, Command("cvarlist"), Timeout);

        Assert.Equal(expected, result.Text);
        Assert.Equal(0, game.DroppedConnections);
    }

    public static TheoryData<string, RconDialect, int> PacketsOverValvesLimit()
    {
        var data = new TheoryData<string, RconDialect, int>();
        foreach (var (kind, dialect) in RconTestGames.All)
        {
            data.Add(kind, dialect, 4_200);
            data.Add(kind, dialect, 10_000);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PacketsOverValvesLimit))]
    public async Task Answer_in_packets_over_4096_bytes_is_joined_exactly(string kind, RconDialect dialect, int packetBodyBytes)
    {
        var expected = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"{i % 10}€ab\n"));
        Assert.True(Encoding.UTF8.GetByteCount(expected) > 3 * packetBodyBytes);
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => expected) { Dialect = dialect, AnswerPacketBodyBytes = packetBodyBytes };
        await using var adapter = Adapter(profile);

        var result = await adapter.ExecuteAsync(Server(game, profile), GameActions.ConsoleRaw, Command("cvarlist"), Timeout);

        Assert.Equal(expected, result.Text);
    }

    [Fact]
    public async Task Packet_of_exactly_the_accepted_size_is_read()
    {
        var expected = new string('c', RconPacket.MaxReceivedSize - RconPacket.MinSize);
        await using var game = new SourceRconTestServer(Password, _ => expected) { AnswerPacketBodyBytes = expected.Length };
        await using var adapter = Adapter(RconProfiles.Source);

        var result = await adapter.ExecuteAsync(Server(game, RconProfiles.Source), GameActions.ConsoleRaw, Command("cvarlist"), Timeout);

        Assert.Equal(expected, result.Text);
    }

    [Fact]
    public async Task Packet_over_the_accepted_size_fails_the_job_with_its_size_and_the_next_job_reconnects()
    {
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, RconPacket.MaxReceivedSize + 1);
        await using var game = new SourceRconTestServer(Password, command => "ran:" + command) { RawAnswerPrefix = size };
        await using var adapter = Adapter(RconProfiles.Source);
        var server = Server(game, RconProfiles.Source);

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("cvarlist"), Timeout));
        game.RawAnswerPrefix = null;
        var next = await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("status"), Timeout);

        Assert.Equal(
            "game server 'game' broke the Source RCON protocol (a packet's size 1048577 is outside the accepted range 10..1048576: " +
            "the peer does not speak Source RCON or the stream is out of step); the connection was reset",
            error.Message);
        Assert.Equal("ran:status", next.Text);
        Assert.Equal(2, game.AuthAttempts);
    }

    [Theory]
    [MemberData(nameof(EveryGame))]
    public async Task Consecutive_commands_each_get_their_own_answer_on_one_connection(string kind, RconDialect dialect, ServerWriteMode mode)
    {
        var profile = Profile(kind);
        var full = new string('f', SourceRconTestServer.MaxBodyBytes); // exactly one full packet: framing must not wait for more forever
        await using var game = new SourceRconTestServer(Password, command => command == "full" ? full : "echo:" + command)
        {
            Dialect = dialect,
            WriteMode = mode,
        };
        await using var adapter = Adapter(profile);
        var server = Server(game, profile);

        var answers = new List<string>();
        foreach (var command in new[] { "one", "full", "two", "three" })
        {
            answers.Add((await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command(command), Timeout)).Text);
        }

        Assert.Equal(["echo:one", full, "echo:two", "echo:three"], answers);
        Assert.Equal(1, game.AuthAttempts);
        Assert.Equal(0, game.DroppedConnections);
    }

    [Theory]
    [InlineData("source-rcon", RconDialect.Source, "say \"server restart soon\"")]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "say server restart soon")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "Broadcast server_restart_soon")]
    [InlineData("ark-rcon", RconDialect.Ark, "ServerChat server restart soon")]
    [InlineData("factorio-rcon", RconDialect.Factorio, "server restart soon")]
    public async Task Chat_say_sends_the_games_broadcast_command(string kind, RconDialect dialect, string expected)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => string.Empty) { Dialect = dialect };
        await using var adapter = Adapter(profile);

        var result = await adapter.ExecuteAsync(
            Server(game, profile), GameActions.ChatSay, new Dictionary<string, string> { ["message"] = "server restart soon" }, Timeout);

        Assert.Equal(1, game.ExecutionCount(expected));
        Assert.Equal(1, game.TotalExecutions);
        Assert.Equal(dialect == RconDialect.Palworld ? PalworldProfile.BroadcastSpacesNote : string.Empty, result.Text);
    }

    [Theory]
    [InlineData("source-rcon", RconDialect.Source, "hi; quit", "say \"hi; quit\"")]
    [InlineData("source-rcon", RconDialect.Source, "hi // quit", "say \"hi // quit\"")]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "hi; stop", "say hi; stop")]
    [InlineData("ark-rcon", RconDialect.Ark, "hi; \"DoExit\"", "ServerChat hi; \"DoExit\"")]
    public async Task Chat_say_with_a_separator_runs_one_chat_command_on_the_game(string kind, RconDialect dialect, string message, string expected)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => string.Empty) { Dialect = dialect };
        await using var adapter = Adapter(profile);

        await adapter.ExecuteAsync(Server(game, profile), GameActions.ChatSay, new Dictionary<string, string> { ["message"] = message }, Timeout);

        Assert.Equal(1, game.ExecutionCount(expected));
        Assert.Equal(1, game.TotalExecutions);
    }

    [Theory]
    [InlineData("ark-rcon", RconDialect.Ark, "hi | DoExit")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "hi|DoExit")]
    [InlineData("source-rcon", RconDialect.Source, "hi\"; quit; \"")]
    public async Task Chat_say_that_would_chain_a_command_is_refused_and_nothing_reaches_the_game(string kind, RconDialect dialect, string message)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => string.Empty) { Dialect = dialect };
        await using var adapter = Adapter(profile);

        await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ExecuteAsync(
            Server(game, profile), GameActions.ChatSay, new Dictionary<string, string> { ["message"] = message }, Timeout));

        Assert.Equal(0, game.TotalExecutions);
        Assert.Equal(0, game.PacketsReceived);
    }

    [Fact]
    public async Task Ark_no_response_placeholder_is_empty_output()
    {
        await using var game = new SourceRconTestServer(Password, _ => string.Empty) { Dialect = RconDialect.Ark };
        await using var adapter = Adapter(RconProfiles.Ark);

        var result = await adapter.ExecuteAsync(Server(game, RconProfiles.Ark), GameActions.WorldSave, NoArguments, Timeout);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(1, game.ExecutionCount("SaveWorld"));
    }

    public static TheoryData<string, RconDialect, string, string?, string> Refusals() => new()
    {
        // kind, dialect, console.raw command, what the game prints (null: the double's answer to an unknown command), the job's error
        { "source-rcon", RconDialect.Source, "sv_foo 1", null, "game server 'game' refused console.raw: Unknown command \"sv_foo\"" },
        {
            "source-rcon", RconDialect.Source, "noclip", "Can't use cheat command noclip in multiplayer, unless the server has sv_cheats set to 1.\n",
            "game server 'game' refused console.raw: Can't use cheat command noclip in multiplayer, unless the server has sv_cheats set to 1."
        },
        {
            "minecraft-rcon", RconDialect.Minecraft, "tps", null,
            "game server 'game' refused console.raw: Unknown or incomplete command, see below for errortps<--[HERE]"
        },
        {
            "minecraft-rcon", RconDialect.Minecraft, "tps", "Unknown or incomplete command. See below for error\ntps<--[HERE]",
            "game server 'game' refused console.raw: Unknown or incomplete command. See below for error tps<--[HERE]"
        },
        {
            "minecraft-rcon", RconDialect.Minecraft, "tps", "Unknown command. Type \"/help\" for help.",
            "game server 'game' refused console.raw: Unknown command. Type \"/help\" for help."
        },
        { "ark-rcon", RconDialect.Ark, "DoSomething now", null, "game server 'game' refused console.raw: Unknown command \"DoSomething\"" },
        { "palworld-rcon", RconDialect.Palworld, "KickPlayer 3966227701", "Failed to Kick: 3966227701", "game server 'game' refused console.raw: Failed to Kick: 3966227701" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Answer_that_says_no_fails_the_job_in_the_games_words(string kind, RconDialect dialect, string command, string? printed, string error)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => printed) { Dialect = dialect };
        await using var adapter = Adapter(profile);

        var refused = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game, profile), GameActions.ConsoleRaw, Command(command), Timeout));

        Assert.Equal(error, refused.Message);
    }

    [Theory]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "kick Mallory", "No player was found", "No player was found")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "KickPlayer Mallory", "Failed to Kick: Mallory", "Failed to Kick: Mallory")]
    public async Task Kick_of_a_player_who_is_not_there_fails_in_the_games_words(
        string kind, RconDialect dialect, string sent, string printed, string words)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, command => command == sent ? printed : "?") { Dialect = dialect };
        await using var adapter = Adapter(profile);

        var refused = await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ExecuteAsync(
            Server(game, profile), GameActions.PlayerKick, new Dictionary<string, string> { ["player"] = "Mallory" }, Timeout));

        Assert.Equal($"game server 'game' refused player.kick: {words}", refused.Message);
        Assert.Equal(1, game.ExecutionCount(sent));
    }

    [Fact]
    public async Task Same_words_further_down_a_longer_answer_are_not_a_refusal()
    {
        const string answer = "hostname: GameOps\nplayers : 0 humans, 0 bots (16 max)\nUnknown command \"x\" said a player\n";
        await using var game = new SourceRconTestServer(Password, _ => answer);
        await using var adapter = Adapter(RconProfiles.Source);

        var result = await adapter.ExecuteAsync(Server(game, RconProfiles.Source), GameActions.ConsoleRaw, Command("status"), Timeout);

        Assert.Equal(answer, result.Text);
    }

    [Theory]
    [InlineData("source-rcon", RconDialect.Source, "the answer to 'status' is not a Source status report")]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "the answer to 'list' is not a Minecraft player list")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "the answer to 'ShowPlayers' is not Palworld's player CSV")]
    [InlineData("ark-rcon", RconDialect.Ark, "the answer to 'ListPlayers' is not an ARK player list")]
    [InlineData("factorio-rcon", RconDialect.Factorio, "the answer to '/players online' is not Factorio's player list")]
    public async Task Players_list_answer_that_is_not_a_list_fails_the_job_saying_what_was_expected(string kind, RconDialect dialect, string reason)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => "Welcome to the server, have fun") { Dialect = dialect };
        await using var adapter = Adapter(profile);

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game, profile), GameActions.PlayersList, NoArguments, Timeout));

        Assert.StartsWith($"game server 'game' answered players.list, but {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minecraft_double_drops_a_client_that_sends_the_command_and_the_marker_together()
    {
        // What the Source framing does (both packets in one write): the Minecraft double drops the connection, as MC-87863 says.
        await using var game = new SourceRconTestServer(Password, _ => "ok") { Dialect = RconDialect.Minecraft };
        await using var client = new SourceRconClient(new SourceRconClientOptions { CommandTimeout = TimeSpan.FromSeconds(5) });
        await client.ConnectAsync(game.Host, game.Port, Password, Timeout);

        await Assert.ThrowsAsync<IOException>(() => client.ExecuteAsync("list", Timeout));

        Assert.Equal(1, game.DroppedConnections);
        Assert.Equal(0, game.TotalExecutions);
    }

    [Fact]
    public async Task Minecraft_answers_the_marker_with_unknown_request_0_after_the_whole_answer()
    {
        await using var game = new SourceRconTestServer(Password, _ => "ok") { Dialect = RconDialect.Minecraft };
        await using var client = new SourceRconClient(RconProfiles.Minecraft.Configure(new SourceRconClientOptions()));
        await client.ConnectAsync(game.Host, game.Port, Password, Timeout);

        Assert.Equal("ok", await client.ExecuteAsync("list", Timeout));

        // The command, then the type-0 marker: two packets after the auth, in two reads.
        Assert.Equal(3, game.PacketsReceived);
        Assert.Equal(0, game.DroppedConnections);
    }

    [Theory]
    [InlineData(RconDialect.Palworld)]
    [InlineData(RconDialect.Ark)]
    [InlineData(RconDialect.Factorio)]
    public async Task Source_framing_waits_in_vain_on_games_that_ignore_the_empty_packet(RconDialect dialect)
    {
        // Why these games have their own profile: the mirrored packet never comes (and Palworld's id 0 never matches).
        await using var game = new SourceRconTestServer(Password, _ => "ok") { Dialect = dialect };
        await using var client = new SourceRconClient(new SourceRconClientOptions { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        await client.ConnectAsync(game.Host, game.Port, Password, Timeout);

        await Assert.ThrowsAsync<TimeoutException>(() => client.ExecuteAsync("Info", Timeout)).WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task Palworld_answers_with_id_0_are_read_as_the_answer_without_waiting_for_silence()
    {
        await using var game = new SourceRconTestServer(Password, _ => "Welcome to Pal Server[v0.3.11.0] GameOps") { Dialect = RconDialect.Palworld };
        await using var adapter = Adapter(RconProfiles.Palworld);
        var server = Server(game, RconProfiles.Palworld);
        await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("Info"), Timeout); // connected and logged in
        var stopwatch = Stopwatch.StartNew();

        var result = await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("Info"), Timeout);

        Assert.Equal("Welcome to Pal Server[v0.3.11.0] GameOps", result.Text);
        Assert.True(stopwatch.Elapsed < RconProfile.QuietPeriod, $"a short answer ends with its packet, not after the quiet period ({stopwatch.Elapsed})");
    }

    [Theory]
    [InlineData("source-rcon", RconDialect.Source, null)]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "list")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "Info")]
    [InlineData("ark-rcon", RconDialect.Ark, "ListPlayers")]
    [InlineData("factorio-rcon", RconDialect.Factorio, "/version")]
    public async Task Probe_runs_the_games_cheap_command_on_its_own_connection(string kind, RconDialect dialect, string? command)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => "No Players Connected \n ") { Dialect = dialect };
        await using var adapter = Adapter(profile);
        var server = Server(game, profile);
        await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("first"), Timeout);

        await adapter.ProbeAsync(server, Timeout);

        // Source's probe is the mirrored empty packet: only the job's command ran.
        Assert.Equal(command is null ? 1 : 2, game.TotalExecutions);
        Assert.Equal(command is null ? 0 : 1, game.ExecutionCount(command ?? "status"));
        Assert.Equal(2, game.AuthAttempts); // the job's connection and the probe's
    }

    [Fact]
    public async Task Probe_is_not_held_up_by_a_job_that_is_waiting_for_the_game()
    {
        using var release = new ManualResetEventSlim();
        await using var game = new SourceRconTestServer(Password, command =>
        {
            if (command == "slow")
            {
                release.Wait(WaitLimit);
            }

            return "done";
        });
        await using var adapter = Adapter(RconProfiles.Source);
        var server = Server(game, RconProfiles.Source);
        var job = adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("slow"), Timeout);
        await Eventually.ReadAsync(() => Task.FromResult(game.ExecutionCount("slow")), count => count == 1, WaitLimit);

        await adapter.ProbeAsync(server, Timeout).WaitAsync(TimeSpan.FromSeconds(5));

        release.Set();
        Assert.Equal("done", (await job).Text);
    }

    private static readonly Dictionary<string, string> NoArguments = [];

    private static string PlayersCommand(RconProfile profile) => profile.ToCommand(GameActions.PlayersList, NoArguments).Text;

    [Fact]
    public async Task Failing_probes_leave_no_warning_or_stack_trace_in_the_log()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        await using var game = new SourceRconTestServer(Password, _ => "ok");
        await using var adapter = new SourceRconAdapter(RconProfiles.Source, loggerFactory, TimeProvider.System);
        var server = Server(game, RconProfiles.Source);
        game.StopListening();

        for (var probe = 0; probe < 20; probe++)
        {
            await Assert.ThrowsAsync<GameAdapterException>(() => adapter.ProbeAsync(server, Timeout));
        }

        var lines = logs.Lines.Snapshot();
        Assert.NotEmpty(lines); // the failures are there, at Debug, for whoever looks
        Assert.All(lines, line => Assert.DoesNotContain("   at ", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.StartsWith("Debug ", line, StringComparison.Ordinal));
    }

    private static GameServerConfig Server(SourceRconTestServer game, RconProfile profile) => RconTestGames.Server(game, profile, Password);
}
