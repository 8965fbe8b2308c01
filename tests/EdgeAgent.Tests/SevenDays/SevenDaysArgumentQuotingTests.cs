using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

namespace GameOps.EdgeAgent.Tests.SevenDays;

/// <summary>No argument can make the console (<see cref="SevenDaysConsoleGrammar"/>) read another command or other parameters than intended.</summary>
public sealed class SevenDaysArgumentQuotingTests
{
    private static readonly string[] Vocabulary = ["say", "shutdown", "kick", "ban add", "\"\"", "\" \"", "\"; shutdown", " 10 year ", "Steam_7656"];

    [Fact]
    public void Every_chat_message_is_one_parameter_of_say_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 71, Vocabulary, message =>
            Check(GameActions.ChatSay, new() { [SevenDaysTelnetAdapter.MessageArgument] = message }, ["say", message]));

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Every_player_and_reason_are_the_two_parameters_of_kick_or_are_refused()
    {
        var random = new Random(72);
        var refused = ArgumentFuzzer.Run(seed: 73, Vocabulary, player =>
        {
            var reason = Vocabulary[random.Next(Vocabulary.Length)] + player[..(player.Length / 2)];
            var arguments = new Dictionary<string, string>
            {
                [SevenDaysTelnetAdapter.PlayerArgument] = player,
                [SevenDaysTelnetAdapter.ReasonArgument] = reason,
            };
            return Check(GameActions.PlayerKick, arguments, string.IsNullOrWhiteSpace(reason) ? ["kick", player] : ["kick", player, reason]);
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Every_reason_is_the_last_parameter_of_ban_add_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 74, Vocabulary, reason =>
        {
            var arguments = new Dictionary<string, string>
            {
                [SevenDaysTelnetAdapter.PlayerArgument] = "171",
                [SevenDaysTelnetAdapter.DurationArgument] = "7 days",
                [SevenDaysTelnetAdapter.ReasonArgument] = reason,
            };
            List<string> expected = ["ban", "add", "171", "7", "day"];
            return Check(GameActions.PlayerBan, arguments, string.IsNullOrWhiteSpace(reason) ? expected : [.. expected, reason]);
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    private static bool Check(string action, Dictionary<string, string> arguments, List<string> expected)
    {
        string command;
        try
        {
            command = SevenDaysTelnetAdapter.ToCommand(action, arguments);
        }
        catch (GameAdapterException)
        {
            return true;
        }

        // One command per line: a line break in the command would run a second one.
        Assert.True(command.AsSpan().IndexOfAny('\r', '\n') < 0, ArgumentFuzzer.Describe(command));
        var read = SevenDaysConsoleGrammar.Read(command);
        Assert.True(
            read is not null && read.SequenceEqual(expected),
            $"{ArgumentFuzzer.Describe(command)} reads as {(read is null ? "an unclosed quote" : string.Join(", ", read.Select(ArgumentFuzzer.Describe)))}");
        return false;
    }
}
