using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>The Teeworlds econ adapter against the real server from Debian.</summary>
[Collection(TeeworldsCollection.Name)]
[Trait("Category", "Slow")]
public sealed class TeeworldsEconTests(TeeworldsFixture fixture)
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    private static CancellationTokenSource Deadline(double seconds = 30) => new(TimeSpan.FromSeconds(seconds));

    private static IEnumerable<string> Messages(string text) => text.Split('\n').Select(line => TeeworldsConsoleLine.Message(line).ToString());

    private async Task<GameResult> RunAsync(string action, params (string Name, string Value)[] arguments)
    {
        using var deadline = Deadline();
        return await fixture.Adapter.ExecuteAsync(fixture.Config(), action, Args(arguments), deadline.Token);
    }

    [Fact]
    public async Task Console_command_runs_after_login()
    {
        var result = await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"));

        Assert.Contains("Value: GameOps test", Messages(result.Text));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_error()
    {
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => fixture.Adapter.ExecuteAsync(
            fixture.Config(id: "teeworlds-wrong", password: "not-it"), GameActions.ConsoleRaw, Args(("command", "status")), deadline.Token));

        Assert.Equal("game server 'teeworlds-wrong' refused the econ password configured on this host", error.Message);
    }

    [Fact]
    public async Task Chat_message_with_separators_and_quotes_is_said_whole_and_runs_nothing_else()
    {
        var message = "restart at 5; echo injected # \"really\" \\o/";

        var result = await RunAsync(GameActions.ChatSay, ("message", message));

        var messages = Messages(result.Text).ToList();
        Assert.Contains($"*** {message}", messages);
        Assert.DoesNotContain("injected", messages);
    }

    [Theory]
    [InlineData("hi; quit")]
    [InlineData("hi\"; quit")]
    [InlineData("hi\\\"; shutdown # \\")]
    [InlineData("trailing backslash \\")]
    public async Task Chat_message_that_tries_to_smuggle_a_command_is_said_whole_and_the_server_keeps_running(string message)
    {
        var result = await RunAsync(GameActions.ChatSay, ("message", message));

        Assert.Contains($"*** {message}", Messages(result.Text));
        Assert.Contains("Value: GameOps test", Messages((await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"))).Text));
        Assert.False(fixture.Server.Process.HasExited);
    }

    [Fact]
    public async Task Unknown_command_fails_in_the_servers_words()
    {
        var error = await Assert.ThrowsAsync<GameAdapterException>(() => RunAsync(GameActions.ConsoleRaw, ("command", "nosuchcmd")));

        Assert.Equal("game server 'teeworlds' refused console.raw: No such command: nosuchcmd.", error.Message);
    }

    [Fact]
    public async Task Empty_server_lists_no_players()
    {
        var result = await RunAsync(GameActions.PlayersList);

        Assert.Empty(JsonSerializer.Deserialize(result.DataJson!, GameResultJson.Default.PlayerList)!.Players);
    }

    [Fact]
    public async Task Kicking_an_empty_slot_fails()
    {
        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => RunAsync(GameActions.PlayerKick, ("player", "5"), ("reason", "afk; echo no")));

        Assert.Equal("game server 'teeworlds' refused player.kick: invalid client id to kick", error.Message);
    }

    [Fact]
    public async Task Kicking_by_a_name_nobody_has_fails()
    {
        var error = await Assert.ThrowsAsync<GameAdapterException>(() => RunAsync(GameActions.PlayerKick, ("player", "nameless tee")));

        Assert.Equal("game server 'teeworlds' has no player named 'nameless tee'", error.Message);
    }

    [Fact]
    public async Task Banning_an_empty_slot_fails()
    {
        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => RunAsync(GameActions.PlayerBan, ("player", "3"), ("duration", "2h"), ("reason", "cheating")));

        Assert.Equal("game server 'teeworlds' refused player.ban: ban error (invalid client id)", error.Message);
    }

    [Fact]
    public async Task Client_sending_crlf_gets_crlf_nul_lines_and_reads_them_the_same()
    {
        await using var adapter = new TeeworldsEconAdapter(
            NullLoggerFactory.Instance, TimeProvider.System, new TeeworldsEconClientOptions { SendCrLf = true });
        using var deadline = Deadline();

        var name = await adapter.ExecuteAsync(fixture.Config(id: "teeworlds-crlf"), GameActions.ConsoleRaw, Args(("command", "sv_name")), deadline.Token);
        var players = await adapter.ExecuteAsync(fixture.Config(id: "teeworlds-crlf"), GameActions.PlayersList, Args(), deadline.Token);

        Assert.Contains("Value: GameOps test", Messages(name.Text));
        Assert.DoesNotContain('\r', name.Text);
        Assert.Empty(JsonSerializer.Deserialize(players.DataJson!, GameResultJson.Default.PlayerList)!.Players);
    }

    [Fact]
    public async Task Probe_succeeds_on_a_running_server()
    {
        using var deadline = Deadline();

        await fixture.Adapter.ProbeAsync(fixture.Config(), deadline.Token);
    }

    [Fact]
    public async Task Chat_pushed_by_another_console_while_idle_is_not_in_the_next_answer()
    {
        await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"));

        // Another admin's econ session says something; the server pushes the chat line to every econ connection.
        await SayFromAnotherConsoleAsync("pushed-while-idle");
        var result = await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"));

        Assert.DoesNotContain("pushed-while-idle", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frozen_server_fails_the_job_at_its_deadline_and_the_next_job_succeeds_once_it_runs()
    {
        await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"));
        fixture.Server.Process.Freeze();
        try
        {
            using var deadline = Deadline(1.5);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Adapter.ExecuteAsync(
                fixture.Config(), GameActions.ConsoleRaw, Args(("command", "sv_name")), deadline.Token));
        }
        finally
        {
            fixture.Server.Process.Resume();
        }

        var result = await RunAsync(GameActions.ConsoleRaw, ("command", "sv_name"));

        Assert.Contains("Value: GameOps test", Messages(result.Text));
    }

    private async Task SayFromAnotherConsoleAsync(string text)
    {
        using var deadline = Deadline(10);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Server.EconPort, deadline.Token);
        var stream = client.GetStream();
        await ReadUntilAsync(stream, "Enter password:", deadline.Token);
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"{TeeworldsFixture.Password}\nsay {text}\n"), deadline.Token);
        await ReadUntilAsync(stream, $"*** {text}", deadline.Token);
    }

    private static async Task ReadUntilAsync(NetworkStream stream, string text, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(text, StringComparison.Ordinal))
        {
            var length = await stream.ReadAsync(buffer, cancellationToken);
            Assert.NotEqual(0, length);
            received.Append(Encoding.UTF8.GetString(buffer, 0, length));
        }
    }
}
