using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>No argument can make the engine's tokenizer (<see cref="Quake3ConsoleGrammar"/>) read more than the one intended command.</summary>
public sealed class Quake3ArgumentQuotingTests
{
    private const string Password = "pw";

    private static readonly string[] Vocabulary = ["say", "quit", "kick", "all", "allbots", "rcon", "status", "^7", "killserver", " quit"];

    [Fact]
    public void Every_chat_message_runs_one_say_with_its_text_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 31, Vocabulary, message =>
        {
            if (!TryCommand(GameActions.ChatSay, Quake3RconAdapter.MessageArgument, message, out var command))
            {
                return true;
            }

            // The engine drops a chat message's double quotes itself (see the adapter and docs/adapters/quake3.md).
            AssertReadsAs(command, ["say", message.Replace("\"", string.Empty, StringComparison.Ordinal)]);
            return false;
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Every_player_to_kick_runs_one_kick_of_that_player_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 32, Vocabulary, player =>
        {
            if (!TryCommand(GameActions.PlayerKick, Quake3RconAdapter.PlayerArgument, player, out var command))
            {
                return true;
            }

            var name = player.Trim();
            AssertReadsAs(command, name.Length <= 3 && name.All(char.IsAsciiDigit) ? ["clientkick", name] : ["kick", name]);
            return false;
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Grammar_reads_what_an_unquoted_message_would_smuggle_in()
    {
        Assert.Equal([["say", "hi"], ["quit"]], Quake3ConsoleGrammar.Read("rcon pw say hi; quit"));
        Assert.Equal([["say", "see", "http:"]], Quake3ConsoleGrammar.Read("rcon pw say see http://example.org"));
        Assert.Equal([["say", "a"], ["quit", "b"]], Quake3ConsoleGrammar.Read("rcon pw say \"a\"; quit \"b\""));
        Assert.Equal([["say", "a; quit"]], Quake3ConsoleGrammar.Read("rcon pw say \"a; quit\""));
    }

    private static bool TryCommand(string action, string name, string value, out string command)
    {
        try
        {
            command = Quake3RconAdapter.ToCommand(action, new Dictionary<string, string> { [name] = value });
            return true;
        }
        catch (GameAdapterException)
        {
            command = string.Empty;
            return false;
        }
    }

    private static void AssertReadsAs(string command, List<string> expected)
    {
        var read = Quake3ConsoleGrammar.Read($"rcon {Password} {command}");
        Assert.True(
            read.Count == 1 && read[0].SequenceEqual(expected),
            $"{ArgumentFuzzer.Describe(command)} reads as {string.Join(" | ", read.Select(arguments => string.Join(", ", arguments.Select(ArgumentFuzzer.Describe))))}");
    }
}
