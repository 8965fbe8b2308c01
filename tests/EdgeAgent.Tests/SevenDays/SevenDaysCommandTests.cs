using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SevenDays;

namespace GameOps.EdgeAgent.Tests.SevenDays;

public sealed class SevenDaysCommandTests
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Theory]
    [InlineData("players.list", "lp")]
    [InlineData("server.time", "gt")]
    [InlineData("server.version", "version")]
    [InlineData("server.stats", "mem")]
    [InlineData("world.save", "saveworld")]
    [InlineData("server.shutdown", "shutdown")]
    public void Actions_without_arguments_map_to_their_commands(string action, string command)
    {
        Assert.Equal(command, SevenDaysTelnetAdapter.ToCommand(action, Args()));
    }

    [Fact]
    public void Chat_message_is_quoted_with_inner_quotes_doubled()
    {
        Assert.Equal(
            "say \"He said \"\"hi\"\" 🧟\"",
            SevenDaysTelnetAdapter.ToCommand(GameActions.ChatSay, Args(("message", "He said \"hi\" 🧟"))));
    }

    [Fact]
    public void Kick_quotes_the_player_and_the_reason()
    {
        Assert.Equal(
            "kick \"Bob, the Builder\" \"spamming \"\"chat\"\"\"",
            SevenDaysTelnetAdapter.ToCommand(GameActions.PlayerKick, Args(("player", "Bob, the Builder"), ("reason", "spamming \"chat\""))));
        Assert.Equal("kick \"171\"", SevenDaysTelnetAdapter.ToCommand(GameActions.PlayerKick, Args(("player", "171"))));
    }

    [Theory]
    [InlineData("7 days", "7 day")]
    [InlineData("1 hour", "1 hour")]
    [InlineData("30 Minutes", "30 minute")]
    [InlineData(" 2  weeks ", "2 week")]
    [InlineData("6 month", "6 month")]
    [InlineData("5years", "5 year")]
    public void Ban_duration_is_a_number_and_a_singular_unit(string duration, string expected)
    {
        Assert.Equal(
            $"ban add \"Steam_76561198000000001\" {expected} \"cheating\"",
            SevenDaysTelnetAdapter.ToCommand(
                GameActions.PlayerBan, Args(("player", "Steam_76561198000000001"), ("duration", duration), ("reason", "cheating"))));
    }

    [Fact]
    public void Ban_without_a_duration_lasts_ten_years()
    {
        Assert.Equal("ban add \"171\" 10 year", SevenDaysTelnetAdapter.ToCommand(GameActions.PlayerBan, Args(("player", "171"))));
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("0 days")]
    [InlineData("-1 days")]
    [InlineData("1000000 days")]
    [InlineData("3 fortnights")]
    [InlineData("days")]
    public void Unreadable_ban_duration_is_refused(string duration)
    {
        var error = Assert.Throws<GameAdapterException>(
            () => SevenDaysTelnetAdapter.ToCommand(GameActions.PlayerBan, Args(("player", "171"), ("duration", duration))));

        Assert.Contains("'duration'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat.say", "message", "hi\nshutdown")]
    [InlineData("chat.say", "message", "hi\rshutdown")]
    [InlineData("chat.say", "message", "hi\0")]
    [InlineData("player.kick", "player", "Bob\nshutdown")]
    [InlineData("console.raw", "command", "lp\r\nshutdown")]
    public void Argument_cannot_smuggle_a_second_command(string action, string argument, string value)
    {
        var error = Assert.Throws<GameAdapterException>(() => SevenDaysTelnetAdapter.ToCommand(action, Args((argument, value))));

        Assert.Contains("single line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_cannot_smuggle_a_second_command()
    {
        Assert.Throws<GameAdapterException>(
            () => SevenDaysTelnetAdapter.ToCommand(GameActions.PlayerKick, Args(("player", "Bob"), ("reason", "x\nshutdown"))));
    }

    [Theory]
    [InlineData("console.raw", "command")]
    [InlineData("chat.say", "message")]
    [InlineData("player.kick", "player")]
    [InlineData("player.ban", "player")]
    public void Missing_argument_is_named(string action, string argument)
    {
        var error = Assert.Throws<GameAdapterException>(() => SevenDaysTelnetAdapter.ToCommand(action, Args()));

        Assert.Equal($"{action} needs the argument '{argument}'", error.Message);
    }

    [Fact]
    public void Command_longer_than_the_limit_is_refused()
    {
        var error = Assert.Throws<GameAdapterException>(
            () => SevenDaysTelnetAdapter.ToCommand(GameActions.ChatSay, Args(("message", new string('x', SevenDaysTelnetAdapter.MaxCommandBytes)))));

        Assert.Contains("at most 4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_action_is_refused()
    {
        Assert.Throws<GameAdapterException>(() => SevenDaysTelnetAdapter.ToCommand("server.restart", Args()));
    }
}
