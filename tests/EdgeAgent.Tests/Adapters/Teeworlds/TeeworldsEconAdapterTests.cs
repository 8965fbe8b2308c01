using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Teeworlds;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

public sealed class TeeworldsEconAdapterTests
{
    [Theory]
    [InlineData("hello", "\"hello\"")]
    [InlineData("a;say b # c", "\"a;say b # c\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    public void Quoted_argument_keeps_separators_and_escapes_quotes_and_backslashes(string text, string quoted)
    {
        Assert.Equal(quoted, TeeworldsEconAdapter.Quote(text));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("90", 90)]
    [InlineData("90m", 90)]
    [InlineData("12h", 720)]
    [InlineData("7D", 10_080)]
    [InlineData("31d", 44_640)]
    public void Ban_duration_is_whole_minutes_or_a_number_with_a_unit(string? duration, int minutes)
    {
        var arguments = duration is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["duration"] = duration };

        Assert.Equal(minutes, TeeworldsEconAdapter.BanMinutes(arguments));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("32d")]
    [InlineData("1.5h")]
    [InlineData("-5")]
    [InlineData("10w")]
    [InlineData("h")]
    [InlineData("99999999999")]
    public void Ban_duration_teeworlds_would_change_or_misread_is_refused(string duration)
    {
        Assert.Throws<GameAdapterException>(() => TeeworldsEconAdapter.BanMinutes(new Dictionary<string, string> { ["duration"] = duration }));
    }

    [Fact]
    public void Kind_is_registered_with_its_actions()
    {
        Assert.Equal(TeeworldsEconAdapter.Actions, GameAdapterRegistry.BuiltInKinds["teeworlds-econ"]);
    }
}
