using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;

namespace GameOps.EdgeAgent.Tests.Adapters;

public sealed class ConsoleArgumentsTests
{
    private static Dictionary<string, string> Args(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value);

    [Theory]
    [InlineData("hi\nquit", "a line feed (U+000A) at character 3")]
    [InlineData("hi\rquit", "a carriage return (U+000D) at character 3")]
    [InlineData("\0", "a NUL character (U+0000) at character 1")]
    [InlineData("a\tb", "a tab (U+0009) at character 2")]
    [InlineData("ab\u0085", "the control character U+0085 at character 3")]
    [InlineData("ab\u007f", "the control character U+007F at character 3")]
    public void Control_character_is_refused_naming_the_argument_the_character_and_where(string value, string where)
    {
        var error = Assert.Throws<GameAdapterException>(() => ConsoleArguments.Require(GameActions.ChatSay, "message", Args(("message", value))));

        Assert.Equal($"the argument 'message' of chat.say must be a single line of printable text; it holds {where}, which a game console would not read as text", error.Message);
    }

    [Fact]
    public void Lone_surrogate_is_refused_since_utf8_cannot_carry_it()
    {
        // Built here: xUnit's theory data would turn a lone surrogate into U+FFFD on the way.
        var error = Assert.Throws<GameAdapterException>(() => ConsoleArguments.Require(GameActions.ChatSay, "message", Args(("message", "a" + (char)0xD83D))));

        Assert.Contains("it holds the lone surrogate U+D83D at character 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("🧟", ConsoleArguments.Require(GameActions.ChatSay, "message", Args(("message", "🧟"))));
    }

    [Theory]
    [InlineData("restart in 5; \"save\" now # // \\ 🧟 Ünïcødé")]
    [InlineData("\u2028 line separator is text to a byte console")]
    public void Printable_text_comes_back_as_it_is(string value)
    {
        Assert.Equal(value, ConsoleArguments.Require(GameActions.ChatSay, "message", Args(("message", value))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_or_blank_argument_is_named_when_required_and_null_when_optional(string? value)
    {
        var arguments = value is null ? Args() : Args(("reason", value));

        var error = Assert.Throws<GameAdapterException>(() => ConsoleArguments.Require(GameActions.PlayerKick, "reason", arguments));

        Assert.Equal("player.kick needs the argument 'reason'", error.Message);
        Assert.Null(ConsoleArguments.Optional(GameActions.PlayerKick, "reason", arguments));
    }
}
