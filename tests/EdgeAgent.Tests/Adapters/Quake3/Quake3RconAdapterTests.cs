using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

public sealed class Quake3RconAdapterTests
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Fact]
    public void Actions_map_to_console_commands()
    {
        Assert.Equal("status", Quake3RconAdapter.ToCommand(GameActions.PlayersList, Args()));
        Assert.Equal("say \"hello there\"", Quake3RconAdapter.ToCommand(GameActions.ChatSay, Args(("message", "hello there"))));
        Assert.Equal("g_gravity 400", Quake3RconAdapter.ToCommand(GameActions.ConsoleRaw, Args(("command", "g_gravity 400"))));
    }

    [Fact]
    public void Kick_by_slot_number_uses_clientkick()
    {
        Assert.Equal("clientkick 7", Quake3RconAdapter.ToCommand(GameActions.PlayerKick, Args(("player", "7"))));
    }

    [Fact]
    public void Kick_by_name_quotes_the_name_so_spaces_stay_in_it()
    {
        Assert.Equal("kick \"My Bot Name\"", Quake3RconAdapter.ToCommand(GameActions.PlayerKick, Args(("player", "My Bot Name"))));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ALLBOTS")]
    [InlineData("has \"quote\"")]
    public void Kick_that_could_hit_everyone_or_break_quoting_is_refused(string player)
    {
        Assert.Throws<GameAdapterException>(() => Quake3RconAdapter.ToCommand(GameActions.PlayerKick, Args(("player", player))));
    }

    [Fact]
    public void Chat_message_cannot_smuggle_a_second_line()
    {
        Assert.Throws<GameAdapterException>(() => Quake3RconAdapter.ToCommand(GameActions.ChatSay, Args(("message", "hi\nquit"))));
    }

    [Theory]
    [InlineData("hi; quit", "say \"hi; quit\"")]
    [InlineData("he said \"hi\"; quit", "say \"he said hi; quit\"")]
    [InlineData("see http://example.org /* not a comment */", "say \"see http://example.org /* not a comment */\"")]
    public void Chat_message_is_one_quoted_argument_without_its_double_quotes(string message, string command)
    {
        Assert.Equal(command, Quake3RconAdapter.ToCommand(GameActions.ChatSay, Args(("message", message))));
    }

    [Fact]
    public void Chat_message_of_nothing_but_double_quotes_is_refused()
    {
        var error = Assert.Throws<GameAdapterException>(() => Quake3RconAdapter.ToCommand(GameActions.ChatSay, Args(("message", "\"\""))));

        Assert.Contains("double quotes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Player Nobody is not on the server\n")]
    [InlineData("Bad client slot: 63\n")]
    [InlineData("Client 7 is not active\n")]
    [InlineData("Bad slot number: x\n")]
    [InlineData("Server is not running.\n")]
    [InlineData("unknown command: nosuchcmd\n")]
    public void Engines_one_line_refusals_are_recognised(string answer)
    {
        Assert.Equal(answer.TrimEnd('\n'), Quake3RconAdapter.Refusal(answer));
    }

    [Theory]
    [InlineData("console: Player Bob is not on the server\n")]
    [InlineData("map: oa_dm1\nnum score ping name\n")]
    [InlineData("")]
    public void Other_answers_are_not_refusals(string answer)
    {
        Assert.Null(Quake3RconAdapter.Refusal(answer));
    }

    [Theory]
    [InlineData("server.time")]
    [InlineData("world.save")]
    [InlineData("player.ban")]
    public void Actions_the_engine_lacks_are_refused(string action)
    {
        var error = Assert.Throws<GameAdapterException>(() => Quake3RconAdapter.ToCommand(action, Args(("player", "1"))));

        Assert.Equal($"action '{action}' is not supported by the quake3-rcon adapter", error.Message);
    }

    [Fact]
    public void Kind_is_registered_with_its_actions()
    {
        Assert.Equal(Quake3RconAdapter.Actions, GameAdapterRegistry.BuiltInKinds["quake3-rcon"]);
    }
}
