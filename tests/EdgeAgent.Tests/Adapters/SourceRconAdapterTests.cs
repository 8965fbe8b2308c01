using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;

namespace GameOps.EdgeAgent.Tests.Adapters;

public sealed class SourceRconAdapterTests
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Fact]
    public void Actions_map_to_console_commands()
    {
        Assert.Equal("status", SourceRconAdapter.ToCommand(GameActions.PlayersList, Args()));
        Assert.Equal("say \"hello there\"", SourceRconAdapter.ToCommand(GameActions.ChatSay, Args(("message", "hello there"))));
        Assert.Equal("sv_cheats 0", SourceRconAdapter.ToCommand(GameActions.ConsoleRaw, Args(("command", "sv_cheats 0"))));
    }

    [Theory]
    [InlineData("console.raw", "command")]
    [InlineData("chat.say", "message")]
    public void Missing_argument_is_named(string action, string argument)
    {
        var error = Assert.Throws<GameAdapterException>(() => SourceRconAdapter.ToCommand(action, Args()));

        Assert.Equal($"{action} needs the argument '{argument}'", error.Message);
    }

    [Fact]
    public void Chat_message_cannot_smuggle_a_second_command()
    {
        Assert.Throws<GameAdapterException>(() => SourceRconAdapter.ToCommand(GameActions.ChatSay, Args(("message", "hi\nquit"))));
    }

    [Fact]
    public void Command_longer_than_rcon_allows_is_refused()
    {
        var error = Assert.Throws<GameAdapterException>(
            () => SourceRconAdapter.ToCommand(GameActions.ConsoleRaw, Args(("command", new string('x', SourceRconClient.MaxCommandBytes + 1)))));

        Assert.Contains("at most 4000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_action_is_refused()
    {
        Assert.Throws<GameAdapterException>(() => SourceRconAdapter.ToCommand("server.restart", Args()));
    }
}
