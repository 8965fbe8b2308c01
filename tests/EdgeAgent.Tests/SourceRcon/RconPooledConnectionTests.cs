using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Configuration;
using static GameOps.EdgeAgent.Tests.SourceRcon.RconTestGames;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

/// <summary>
/// A pooled connection the game has closed (it restarted) is found before a command goes into it, and the command is
/// sent on a new connection; a connection lost after the command went out fails the job and never sends it twice.
/// </summary>
public sealed class RconPooledConnectionTests : IDisposable
{
    private const string Password = "pooled-pw-41c7";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _testTimeout = new(WaitLimit);

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    public static TheoryData<string, RconDialect, ConnectionClose> Restarts()
    {
        var data = new TheoryData<string, RconDialect, ConnectionClose>();
        foreach (var (kind, dialect) in RconTestGames.All)
        {
            data.Add(kind, dialect, ConnectionClose.Fin);
            data.Add(kind, dialect, ConnectionClose.Reset);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Restarts))]
    public async Task First_job_after_the_game_restarted_runs_once_on_a_new_connection(string kind, RconDialect dialect, ConnectionClose close)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, command => "ran:" + command) { Dialect = dialect };
        await using var adapter = Adapter(profile);
        var server = Server(game, profile);
        await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("before"), Timeout);
        await adapter.ProbeAsync(server, Timeout);

        await game.RestartAsync(close, Timeout);
        var after = await adapter.ExecuteAsync(server, GameActions.ConsoleRaw, Command("after"), Timeout);
        await adapter.ProbeAsync(server, Timeout);

        Assert.Equal("ran:after", after.Text);
        Assert.Equal(1, game.ExecutionCount("after"));
        Assert.Equal(4, game.AuthAttempts); // the job's and the probe's connections, each opened again once
    }

    [Theory]
    [InlineData("source-rcon", RconDialect.Source, "quit")]
    [InlineData("minecraft-rcon", RconDialect.Minecraft, "stop")]
    [InlineData("palworld-rcon", RconDialect.Palworld, "DoExit")]
    [InlineData("ark-rcon", RconDialect.Ark, "DoExit")]
    [InlineData("factorio-rcon", RconDialect.Factorio, "/quit")]
    public async Task Connection_lost_after_the_command_was_sent_fails_the_job_and_the_command_is_not_sent_again(
        string kind, RconDialect dialect, string command)
    {
        var profile = Profile(kind);
        await using var game = new SourceRconTestServer(Password, _ => "ok") { Dialect = dialect, ClosesConnectionAfter = command };
        await using var adapter = Adapter(profile);

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game, profile), GameActions.ConsoleRaw, Command(command), Timeout));

        Assert.Equal(
            "the connection to game server 'game' was lost before the answer was complete; the game may or may not have run the command",
            error.Message);
        Assert.Equal(1, game.ExecutionCount(command));
        Assert.Equal(1, game.AuthAttempts);
    }

    [Theory]
    [InlineData(ConnectionClose.Fin)]
    [InlineData(ConnectionClose.Reset)]
    public async Task Client_finds_the_closed_connection_before_sending_and_sends_nothing(ConnectionClose close)
    {
        await using var game = new SourceRconTestServer(Password, command => "ran:" + command);
        await using var client = new SourceRconClient();
        await client.ConnectAsync(game.Host, game.Port, Password, Timeout);
        await client.ExecuteAsync("before", Timeout);
        await game.RestartAsync(close, Timeout);
        var packets = game.PacketsReceived;

        await Assert.ThrowsAsync<RconConnectionClosedException>(() => client.ExecuteAsync("after", Timeout));

        Assert.Equal(packets, game.PacketsReceived);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Write_into_a_reset_connection_says_that_nothing_was_sent()
    {
        // The path for a reset that arrives between the check and the write: the write itself fails, before any byte went out.
        await using var game = new SourceRconTestServer(Password, command => "ran:" + command);
        using var connection = new RconConnection("game", RconPacket.MaxReceivedSize);
        await connection.OpenAsync(game.Host, game.Port, Timeout);
        await game.RestartAsync(ConnectionClose.Reset, Timeout);
        var exchange = new RconExchange(connection, new SourceRconClientOptions(), () => 7, TimeProvider.System);

        await Assert.ThrowsAsync<RconConnectionClosedException>(
            () => exchange.SendAsync(Timeout, new RconPacket(7, RconPacketType.ExecCommand, "status")));
    }

    private static GameServerConfig Server(SourceRconTestServer game, RconProfile profile) => RconTestGames.Server(game, profile, Password);
}
