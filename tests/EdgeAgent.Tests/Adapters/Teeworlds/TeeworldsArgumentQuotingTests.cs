using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>No argument can make the server's console (<see cref="TeeworldsConsoleGrammar"/>) read more than the one intended command.</summary>
public sealed class TeeworldsArgumentQuotingTests
{
    private static readonly string[] Vocabulary = ["say", "shutdown", "kick", "ban", "echo", "sv_rcon_password", "status", "\\\";", "\";"];

    [Fact]
    public void Every_chat_message_runs_one_say_with_its_text_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 41, Vocabulary, message =>
        {
            if (!TryCommand(GameActions.ChatSay, new() { [TeeworldsEconAdapter.MessageArgument] = message }, out var command))
            {
                return true;
            }

            AssertReadsAs(command, ["say", message]);
            return false;
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Every_kick_reason_runs_one_kick_of_the_resolved_client_with_that_reason_or_is_refused()
    {
        var refused = ArgumentFuzzer.Run(seed: 42, Vocabulary, reason =>
        {
            var arguments = new Dictionary<string, string> { [TeeworldsEconAdapter.PlayerArgument] = "3", [TeeworldsEconAdapter.ReasonArgument] = reason };
            if (!TryCommand(GameActions.PlayerKick, arguments, out var command))
            {
                return true;
            }

            AssertReadsAs(command, string.IsNullOrWhiteSpace(reason) ? ["kick", "3"] : ["kick", "3", reason]);
            return false;
        });

        Assert.InRange(refused, 1, ArgumentFuzzer.Values - 1);
    }

    [Fact]
    public void Grammar_reads_what_the_console_would_run()
    {
        Assert.Equal([["say", "hi"], ["shutdown"]], TeeworldsConsoleGrammar.Read("say hi; shutdown"));
        Assert.Equal([["say", "a;b # c"]], TeeworldsConsoleGrammar.Read("say \"a;b # c\""));
        Assert.Equal([["say", "a\"b\\"]], TeeworldsConsoleGrammar.Read("say \"a\\\"b\\\\\""));
        Assert.Equal([["say", "a b"]], TeeworldsConsoleGrammar.Read("say \"a\tb\""));
        Assert.Equal([["say", "hi"]], TeeworldsConsoleGrammar.Read("say hi # shutdown"));
    }

    private static bool TryCommand(string action, Dictionary<string, string> arguments, out string command)
    {
        try
        {
            command = TeeworldsEconAdapter.ToCommand(action, arguments, clientId: "3");
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
        var read = TeeworldsConsoleGrammar.Read(command);
        Assert.True(
            read.Count == 1 && read[0].SequenceEqual(expected),
            $"{ArgumentFuzzer.Describe(command)} reads as {string.Join(" | ", read.Select(arguments => string.Join(", ", arguments.Select(ArgumentFuzzer.Describe))))}");
    }
}
