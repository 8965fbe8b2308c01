using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>The Quake 3 rcon adapter against the real OpenArena server from Debian.</summary>
[Collection(OpenArenaCollection.Name)]
[Trait("Category", "Slow")]
public sealed partial class OpenArenaRconTests(OpenArenaFixture fixture)
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    private static CancellationTokenSource Deadline(double seconds = 30) => new(TimeSpan.FromSeconds(seconds));

    private async Task<string> RawAsync(string command)
    {
        using var deadline = Deadline();
        var result = await fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.ConsoleRaw, Args(("command", command)), deadline.Token);
        return result.Text;
    }

    private async Task<IReadOnlyList<Player>> PlayersAsync()
    {
        using var deadline = Deadline();
        var result = await fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.PlayersList, Args(), deadline.Token);
        return JsonSerializer.Deserialize(result.DataJson!, GameResultJson.Default.PlayerList)!.Players;
    }

    [Fact]
    public async Task Console_command_runs_with_the_right_password()
    {
        var text = await RawAsync("sv_hostname");

        Assert.StartsWith("\"sv_hostname\" is:\"GameOps test^7\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_error()
    {
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(() => fixture.Adapter.ExecuteAsync(
            fixture.Config(password: "not-the-password"), GameActions.ConsoleRaw, Args(("command", "status")), deadline.Token));

        Assert.Equal("game server 'openarena' refused the rcon password configured on this host", error.Message);
    }

    [Fact]
    public async Task Chat_message_is_said_by_the_console()
    {
        using var deadline = Deadline();

        var result = await fixture.Adapter.ExecuteAsync(
            fixture.Config(), GameActions.ChatSay, Args(("message", "maintenance in 5 minutes")), deadline.Token);

        Assert.Equal("console: maintenance in 5 minutes\n", result.Text);
    }

    [Fact]
    public async Task Empty_server_lists_no_players()
    {
        Assert.Empty(await PlayersAsync());
    }

    [Fact]
    public async Task Bots_are_listed_by_slot_with_names_as_players_see_them_and_kicked_by_slot_or_name()
    {
        try
        {
            await RawAsync("addbot Sarge 1 red 0 \"My ^1Bot Name\"");
            await RawAsync("addbot Angelyss 1 blue 0 \"A ^2Long Named Bot Here\"");

            var players = await PlayersAsync();
            Assert.Equal(["A Long Named Bot Here", "My Bot Name"], players.Select(player => player.Name).Order(StringComparer.Ordinal));
            Assert.All(players, player => Assert.Null(player.Ip)); // a bot's address is "bot"

            var bySlot = players.Single(player => player.Name == "My Bot Name");
            using var deadline = Deadline();
            await fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.PlayerKick, Args(("player", bySlot.Id!)), deadline.Token);
            Assert.Equal(["A Long Named Bot Here"], (await PlayersAsync()).Select(player => player.Name));

            await fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.PlayerKick, Args(("player", "A Long Named Bot Here")), deadline.Token);
            Assert.Empty(await PlayersAsync());
        }
        finally
        {
            await RawAsync("kickbots");
        }
    }

    [Theory]
    [InlineData("7")]
    [InlineData("Nobody Here")]
    public async Task Kicking_a_player_who_is_not_there_fails(string player)
    {
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.PlayerKick, Args(("player", player)), deadline.Token));

        Assert.Equal(
            player == "7" ? "game server 'openarena' refused player.kick: Client 7 is not active"
                : $"game server 'openarena' refused player.kick: Player {player} is not on the server",
            error.Message);
    }

    [Fact]
    public async Task Unknown_command_fails_in_the_servers_words()
    {
        using var deadline = Deadline();

        var error = await Assert.ThrowsAsync<GameAdapterException>(
            () => fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.ConsoleRaw, Args(("command", "nosuchcmd")), deadline.Token));

        Assert.Equal("game server 'openarena' refused console.raw: unknown command: nosuchcmd", error.Message);
    }

    [Theory]
    [InlineData("hi; quit", "console: hi; quit")]
    [InlineData("hi\"; quit", "console: hi; quit")]
    [InlineData("bye \"all\"; killserver; quit", "console: bye all; killserver; quit")]
    [InlineData("see http://example.org // and /* this */", "console: see http://example.org // and /* this */")]
    public async Task Chat_message_that_tries_to_smuggle_a_command_is_said_whole_and_the_server_keeps_running(string message, string said)
    {
        using var deadline = Deadline();

        var result = await fixture.Adapter.ExecuteAsync(fixture.Config(), GameActions.ChatSay, Args(("message", message)), deadline.Token);

        Assert.Equal(said + "\n", result.Text);
        Assert.StartsWith("\"sv_hostname\" is:\"GameOps test^7\"", await RawAsync("sv_hostname"), StringComparison.Ordinal);
        Assert.False(fixture.Server.Process.HasExited);
    }

    [Fact]
    public async Task Answer_spread_over_many_datagrams_arrives_whole()
    {
        var text = await RawAsync("cvarlist");

        // cvarlist prints one line per cvar and then their count: every datagram's lines must be there.
        var total = TotalCvars().Match(text);
        Assert.True(total.Success, text[^200..]);
        var cvarLines = text.Split('\n').Count(line => line.EndsWith('"'));
        Assert.Equal(int.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture), cvarLines);
        Assert.True(text.Length > 4 * 1024, $"{text.Length} characters: expected an answer of several datagrams");
    }

    [Fact]
    public async Task Probe_succeeds_on_a_running_server_and_fails_with_the_wrong_password()
    {
        using var deadline = Deadline();

        await fixture.Adapter.ProbeAsync(fixture.Config(), deadline.Token);
        await Assert.ThrowsAsync<GameAdapterException>(() => fixture.Adapter.ProbeAsync(fixture.Config(password: "wrong"), deadline.Token));
    }

    [Fact]
    public async Task Frozen_server_fails_the_job_at_its_deadline_and_answers_again_once_it_runs()
    {
        fixture.Server.Process.Freeze();
        try
        {
            using var deadline = Deadline(1.5);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Adapter.ExecuteAsync(
                fixture.Config(), GameActions.ConsoleRaw, Args(("command", "sv_hostname")), deadline.Token));
        }
        finally
        {
            fixture.Server.Process.Resume();
        }

        Assert.StartsWith("\"sv_hostname\" is:", await RawAsync("sv_hostname"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(\d+) total cvars$", RegexOptions.Multiline)]
    private static partial Regex TotalCvars();
}
