using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>Framing, hangs and pushed lines, against <see cref="TeeworldsEconDouble"/>: what a real server will not do on cue.</summary>
public sealed class TeeworldsEconFramingTests
{
    private const string Password = "double-econ";

    // Generous, so the double's 150 ms gaps stay inside it even on a busy machine.
    private static TeeworldsEconAdapter NewAdapter() =>
        new(NullLoggerFactory.Instance, TimeProvider.System, new TeeworldsEconClientOptions { QuietPeriod = TimeSpan.FromSeconds(1) });

    private static GameServerConfig Server(TeeworldsEconDouble game, string password = Password) => new()
    {
        Id = "tw",
        Name = "Teeworlds double",
        Kind = TeeworldsEconAdapter.KindName,
        Address = new ServerAddress(game.Host, game.Port),
        Password = password,
        AllowedActions = TeeworldsEconAdapter.Actions,
    };

    private static Dictionary<string, string> Command(string command) => new() { [TeeworldsEconAdapter.CommandArgument] = command };

    private static CancellationTokenSource Deadline(double seconds = 10) => new(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(GameActions.PlayerKick, "player", "5", "game server 'tw' refused player.kick: invalid client id to kick")]
    [InlineData(GameActions.PlayerBan, "player", "5", "game server 'tw' refused player.ban: ban error (invalid client id)")]
    [InlineData(GameActions.ConsoleRaw, "command", "nosuchcmd", "game server 'tw' refused console.raw: No such command: nosuchcmd.")]
    public async Task Command_the_server_refuses_fails_the_job_in_the_servers_words(string action, string argument, string value, string error)
    {
        await using var game = new TeeworldsEconDouble(
            Password, hasEcho: true, command => TeeworldsEconDouble.Refusal(command) ?? TeeworldsEconDoubleAnswer.Of("ok"));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var refused = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game), action, new Dictionary<string, string> { [argument] = value }, deadline.Token));

        Assert.Equal(error, refused.Message);
    }

    [Fact]
    public async Task Chat_line_with_a_refusals_words_is_not_a_refusal()
    {
        await using var game = new TeeworldsEconDouble(
            Password, hasEcho: true, _ => TeeworldsEconDoubleAnswer.Of("[12:00:00][chat]: 0:-1:tee: No such command: x.", "ok"));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);

        Assert.EndsWith("[12:00:00][server]: ok", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_without_echo_has_its_answers_framed_by_the_quiet_period()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: false, _ => new TeeworldsEconDoubleAnswer(
        [
            (TimeSpan.Zero, "one"),
            (TimeSpan.FromMilliseconds(150), "two"),
            (TimeSpan.FromMilliseconds(150), "three"),
        ]));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("bans"), deadline.Token);

        Assert.Equal("[12:00:00][server]: one\n[12:00:00][server]: two\n[12:00:00][server]: three", result.Text);
        Assert.Equal(["echo", "bans"], game.Commands.Select(command => command.Split(' ')[0])); // only the login's check for echo
    }

    [Fact]
    public async Task Server_with_echo_gets_the_command_between_two_markers()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, _ => TeeworldsEconDoubleAnswer.Of("Value: GameOps"));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);

        Assert.Equal("[12:00:00][server]: Value: GameOps", result.Text);
        Assert.Equal(4, game.Commands.Count); // the login's check for echo, then the exchange
        Assert.Matches("^echo gameops-[0-9a-f]{12}$", game.Commands[1]);
        Assert.Equal("sv_name", game.Commands[2]);
        Assert.Matches("^echo gameops-[0-9a-f]{12}$", game.Commands[3]);
        Assert.NotEqual(game.Commands[1], game.Commands[3]);
    }

    [Fact]
    public async Task Server_hanging_mid_answer_fails_the_job_at_its_deadline_and_the_next_job_logs_in_again()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, command => command == "status"
            ? TeeworldsEconDoubleAnswer.Of("id=0 addr=192.0.2.1:5000 client=705 name='half' score=1") with { HangAfter = true }
            : TeeworldsEconDoubleAnswer.Of("Value: fine"));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();
        await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token); // logged in

        using (var hang = Deadline(1))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => adapter.ExecuteAsync(Server(game), GameActions.PlayersList, new Dictionary<string, string>(), hang.Token));
        }

        var result = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("sv_name"), deadline.Token);

        Assert.Equal("[12:00:00][server]: Value: fine", result.Text);
        Assert.Equal(2, game.Connections);
    }

    [Fact]
    public async Task Wrong_password_is_tried_once_and_the_connection_closed()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, _ => TeeworldsEconDoubleAnswer.Of());
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => adapter.ExecuteAsync(Server(game, "guess"), GameActions.ConsoleRaw, Command("status"), deadline.Token));

        Assert.Equal("game server 'tw' refused the econ password configured on this host", error.Message);
        Assert.Equal(1, game.PasswordAttempts);
        await WaitUntilAsync(() => game.ClosedByClient == 1, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Log_lines_pushed_between_answers_reach_neither()
    {
        await using var game = new TeeworldsEconDouble(Password, hasEcho: true, command => TeeworldsEconDoubleAnswer.Of($"ran {command}"));
        await using var adapter = NewAdapter();
        using var deadline = Deadline();

        var first = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("first"), deadline.Token);
        await game.PushAsync("*** pushed while idle");
        var second = await adapter.ExecuteAsync(Server(game), GameActions.ConsoleRaw, Command("second"), deadline.Token);

        Assert.Equal("[12:00:00][server]: ran first", first.Text);
        Assert.Equal("[12:00:00][server]: ran second", second.Text);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
