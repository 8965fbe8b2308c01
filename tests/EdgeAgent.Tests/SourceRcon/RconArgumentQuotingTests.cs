using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Tests.Adapters.Fuzzing;
using Xunit.Abstractions;
using static GameOps.EdgeAgent.Tests.SourceRcon.RconTestGames;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

/// <summary>
/// No argument value makes a console read more than one command, or other arguments than the ones given: every
/// command each game's profile builds is read back with that console's own tokenizer, written from its documentation
/// (<see cref="SourceConsoleLine"/>, <see cref="UnrealConsoleLine"/>, and Brigadier's and Factorio's readers below).
/// </summary>
public sealed class RconArgumentQuotingTests(ITestOutputHelper output)
{
    private const string Message = "message";
    private const string Command = "command";
    private const string Player = "player";
    private const string Reason = "reason";

    // The consoles' own words and what their grammars give a meaning to, beyond what ArgumentFuzzer mixes in itself.
    private static readonly string[] Vocabulary =
    [
        "|", "||", "|DoExit", "//", "https://", "@a", "@e[type=player]", "§c", "quit", "DoExit", "/quit", "/c game.print(1)",
        "say", "ServerChat", "Broadcast", "KickPlayer", "kick", "Alice", "hello world", "`", "&", "<", ">", ":", "+", "-", "_",
        "\uD800", "\uDC00", "\u3000", "\u000B", "\uFEFF",
    ];

    public static TheoryData<string, string[]> SourceLines() => new()
    {
        { "say hi; quit", ["say hi", " quit"] },
        { "say \"hi; quit\"", ["say \"hi; quit\""] },
        { "say hi // ; quit", ["say hi "] },
        { "say \"hi\nquit\"", ["say \"hi", "quit\""] },
        { "status;", ["status"] },
    };

    [Theory]
    [MemberData(nameof(SourceLines))]
    public void Source_tokenizer_splits_commands_as_the_command_buffer_does(string line, string[] commands)
    {
        Assert.Equal(commands, SourceConsoleLine.SplitCommands(line));
    }

    [Fact]
    public void Source_tokenizer_reads_a_quoted_string_as_one_argument_and_break_characters_as_their_own()
    {
        var command = SourceConsoleLine.Tokenize("say \"a; b {c}\" x:y");

        Assert.Equal(["say", "a; b {c}", "x", ":", "y"], command.Arguments);
        Assert.Equal("\"a; b {c}\" x:y", command.ArgS);
    }

    public static TheoryData<string, string[]> UnrealLines() => new()
    {
        { "ServerChat hi | DoExit", ["ServerChat hi ", " DoExit"] },
        { "ServerChat \"hi | DoExit\"", ["ServerChat \"hi | DoExit\""] },
        { "ServerChat hi // note | DoExit", ["ServerChat hi ", " DoExit"] },
        { "ServerChat hi\rDoExit", ["ServerChat hi", "DoExit"] },
    };

    [Theory]
    [MemberData(nameof(UnrealLines))]
    public void Unreal_tokenizer_splits_commands_as_FParse_Line_does(string line, string[] commands)
    {
        Assert.Equal(commands, UnrealConsoleLine.SplitCommands(line));
    }

    public static TheoryData<string, string, string, string> QuotedCommands() => new()
    {
        // kind, action, argument value, the command sent
        { "source-rcon", GameActions.ChatSay, "hi; quit", "say \"hi; quit\"" },
        { "source-rcon", GameActions.ChatSay, "  see you // later  ", "say \"see you // later\"" },
        { "source-rcon", GameActions.ConsoleRaw, "say \"a; b\"", "say \"a; b\"" },
        { "minecraft-rcon", GameActions.ChatSay, "hi; stop | /op me", "say hi; stop | /op me" },
        { "ark-rcon", GameActions.ChatSay, "hi; \"there\"", "ServerChat hi; \"there\"" },
        { "ark-rcon", GameActions.ConsoleRaw, "ServerChat \"a | b\"", "ServerChat \"a | b\"" },
        { "factorio-rcon", GameActions.ChatSay, " hello ", "hello" },
    };

    [Theory]
    [MemberData(nameof(QuotedCommands))]
    public void Argument_with_a_separator_is_quoted_or_sent_where_the_console_reads_it_as_data(
        string kind, string action, string value, string expected)
    {
        var argument = action == GameActions.ConsoleRaw ? Command : Message;

        Assert.Equal(expected, Profile(kind).ToCommand(action, new Dictionary<string, string> { [argument] = value }).Text);
    }

    public static TheoryData<string, string, string, string, string> Refusals() => new()
    {
        // kind, action, argument, value, error
        {
            "source-rcon", GameActions.ChatSay, Message, "say \"hi\"; quit",
            "the argument 'message' of chat.say must not contain '\"' (at character 5): a Source console cannot quote it; write ' instead"
        },
        {
            "source-rcon", GameActions.ConsoleRaw, Command, "status; quit",
            "the argument 'command' of console.raw must be one command: a Source console starts another at the ';' at character 7"
        },
        {
            "ark-rcon", GameActions.ChatSay, Message, "hi | DoExit",
            "the argument 'message' of chat.say must not contain '|' (at character 4): ARK's console starts another command there"
        },
        {
            "ark-rcon", GameActions.ChatSay, Message, "see https://example.org",
            "the argument 'message' of chat.say must not contain '//' (at character 11): ARK's console drops the rest of the line after it"
        },
        {
            "palworld-rcon", GameActions.ConsoleRaw, Command, "Info | DoExit",
            "the argument 'command' of console.raw must be one command: Palworld's console starts another at the '|' at character 6"
        },
        {
            "palworld-rcon", GameActions.ChatSay, Message, "a|b",
            "the argument 'message' of chat.say must not contain '|' (at character 2): Palworld's console starts another command there"
        },
        {
            "minecraft-rcon", GameActions.ChatSay, Message, "hi\nop Mallory",
            "the argument 'message' of chat.say must be a single line of printable text; it holds a line feed (U+000A) at character 3, which a game console would not read as text"
        },
        {
            "minecraft-rcon", GameActions.PlayerKick, Reason, "bye\u001b[2J",
            "the argument 'reason' of player.kick must be a single line of printable text; it holds an escape character (U+001B) at character 4, which a game console would not read as text"
        },
        {
            "factorio-rcon", GameActions.ChatSay, Message, "ok\0/quit",
            "the argument 'message' of chat.say must be a single line of printable text; it holds a NUL character (U+0000) at character 3, which a game console would not read as text"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Argument_that_cannot_be_made_safe_is_refused_naming_the_argument_and_the_character(
        string kind, string action, string argument, string value, string error)
    {
        var arguments = new Dictionary<string, string> { [argument] = value };
        if (argument == Reason)
        {
            arguments[Player] = "Alice";
        }

        var refused = Assert.Throws<GameAdapterException>(() => Profile(kind).ToCommand(action, arguments));

        Assert.Equal(error, refused.Message);
    }

    [Fact]
    public void Argument_with_a_lone_surrogate_is_refused_naming_it()
    {
        // Not a theory case: xUnit's test-case serialisation would turn the lone surrogate into U+FFFD.
        var refused = Assert.Throws<GameAdapterException>(
            () => RconProfiles.Source.ToCommand(GameActions.ChatSay, new Dictionary<string, string> { [Message] = "a\uD800b" }));

        Assert.Equal("the argument 'message' of chat.say must be a single line of printable text; it holds the lone surrogate U+D800 at character 2, which a game console would not read as text", refused.Message);
    }

    public static TheoryData<string, int> Games() => new()
    {
        { SourceProfile.KindName, 3001 },
        { MinecraftProfile.KindName, 3002 },
        { PalworldProfile.KindName, 3003 },
        { ArkProfile.KindName, 3004 },
        { FactorioProfile.KindName, 3005 },
    };

    [Theory]
    [MemberData(nameof(Games))]
    public void Fuzzed_argument_values_make_one_command_with_the_intended_arguments(string kind, int seed)
    {
        var profile = Profile(kind);
        var slots = Slots(profile).ToArray();
        var built = new int[slots.Length];
        var next = 0;

        // Value i goes into slot i modulo the number of slots, so a failure's index names its slot too.
        var refused = ArgumentFuzzer.Run(seed, Vocabulary, value =>
        {
            var slot = next++ % slots.Length;
            var (action, argument, others) = slots[slot];
            var arguments = new Dictionary<string, string>(others) { [argument] = value };
            string line;
            try
            {
                line = profile.ToCommand(action, arguments).Text;
            }
            catch (GameAdapterException)
            {
                return true;
            }

            try
            {
                AssertReadAsIntended(kind, action, line, arguments);
            }
            catch (Exception exception)
            {
                Assert.Fail($"{action} '{argument}' was sent as {ArgumentFuzzer.Describe(line)}: {exception.Message}");
            }

            built[slot]++;
            return false;
        });

        output.WriteLine($"{kind}: {ArgumentFuzzer.Values} values, {refused} refused");
        for (var slot = 0; slot < slots.Length; slot++)
        {
            output.WriteLine($"  {slots[slot].Action} '{slots[slot].Argument}': {built[slot]} built");
            Assert.True(built[slot] > 0, $"{kind} {slots[slot].Action} '{slots[slot].Argument}' refused every value, so the test proved nothing");
        }
    }

    // Every argument of every action, fuzzed one at a time with the others valid.
    private static IEnumerable<(string Action, string Argument, Dictionary<string, string> Others)> Slots(RconProfile profile)
    {
        yield return (GameActions.ConsoleRaw, Command, []);
        yield return (GameActions.ChatSay, Message, []);
        foreach (var action in new[] { GameActions.PlayerKick, GameActions.PlayerBan }.Where(profile.Actions.Contains))
        {
            yield return (action, Player, new() { [Reason] = "griefing" });
            yield return (action, Reason, new() { [Player] = "Alice" });
        }
    }

    private static void AssertReadAsIntended(string kind, string action, string line, Dictionary<string, string> arguments)
    {
        switch (kind)
        {
            case SourceProfile.KindName:
                AssertSource(action, line, arguments);
                break;
            case MinecraftProfile.KindName:
                AssertMinecraft(action, line, arguments);
                break;
            case PalworldProfile.KindName:
                AssertPalworld(action, line, arguments);
                break;
            case ArkProfile.KindName:
                AssertArk(action, line, arguments);
                break;
            default:
                AssertFactorio(action, line, arguments);
                break;
        }
    }

    private static void AssertSource(string action, string line, Dictionary<string, string> arguments)
    {
        var commands = SourceConsoleLine.SplitCommands(line);
        Assert.True(commands.Count <= 1, $"the Source console reads {commands.Count} commands");
        if (action == GameActions.ChatSay)
        {
            var say = SourceConsoleLine.Tokenize(Assert.Single(commands));
            Assert.Equal(["say", Given(arguments, Message)], say.Arguments);
            Assert.Equal(Given(arguments, Message), SourceConsoleLine.SayText(say));
        }
    }

    // Brigadier (https://github.com/Mojang/brigadier): the RCON body is one command; a literal, one space, and for say and a
    // kick or ban reason a greedy string (StringArgumentType.greedyString) that takes the rest of the line; a player name
    // is read as an unquoted string of 0-9, A-Z, a-z, _, -, . and + (StringReader.isAllowedInUnquotedString).
    private static void AssertMinecraft(string action, string line, Dictionary<string, string> arguments)
    {
        Assert.DoesNotContain(line, char.IsControl);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var rest = space < 0 ? string.Empty : line[(space + 1)..];
        if (action == GameActions.ChatSay)
        {
            Assert.Equal("say", line[..space]);
            Assert.Equal(Given(arguments, Message), rest);
        }
        else if (action != GameActions.ConsoleRaw)
        {
            var name = rest.TakeWhile(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '-' or '.' or '+').Count();
            Assert.Equal(Given(arguments, Player), rest[..name]);
            Assert.Equal(Intended(arguments, Reason), rest[name..] is [' ', .. var reason] ? reason : null);
        }
    }

    // Palworld's documentation gives "Broadcast {MessageText}" ("Space is not supported") and "KickPlayer {SteamID}":
    // words separated by spaces, after the engine's line splitting.
    private static void AssertPalworld(string action, string line, Dictionary<string, string> arguments)
    {
        var commands = UnrealConsoleLine.SplitCommands(line);
        Assert.True(commands.Count <= 1, $"Palworld's console reads {commands.Count} commands");
        var words = commands.Count == 0 ? Array.Empty<string>() : commands[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (action == GameActions.ChatSay)
        {
            var word = string.Join('_', Given(arguments, Message).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(["Broadcast", word], words);
        }
        else if (action != GameActions.ConsoleRaw)
        {
            Assert.Equal([action == GameActions.PlayerKick ? "KickPlayer" : "BanPlayer", Given(arguments, Player)], words);
        }
    }

    // ARK (https://ark.wiki.gg/wiki/Console_commands): "ServerChat <MessageText>" takes the rest of the line after the
    // command's name and the spaces after it; KickPlayer and BanPlayer take one id.
    private static void AssertArk(string action, string line, Dictionary<string, string> arguments)
    {
        var commands = UnrealConsoleLine.SplitCommands(line);
        Assert.True(commands.Count <= 1, $"ARK's console reads {commands.Count} commands");
        if (action == GameActions.ChatSay)
        {
            var command = Assert.Single(commands);
            Assert.StartsWith("ServerChat ", command, StringComparison.Ordinal);
            Assert.Equal(Given(arguments, Message), command["ServerChat".Length..].TrimStart(' ', '\t'));
        }
        else if (action != GameActions.ConsoleRaw)
        {
            var words = Assert.Single(commands).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([action == GameActions.PlayerKick ? "KickPlayer" : "BanPlayer", Given(arguments, Player)], words);
        }
    }

    // Factorio (https://wiki.factorio.com/Console): a line starting with '/' is a command, its name up to the first space
    // and its parameter the rest; /kick and /ban take the player, a space and the reason. Any other line is chat.
    private static void AssertFactorio(string action, string line, Dictionary<string, string> arguments)
    {
        Assert.DoesNotContain(line, char.IsControl);
        if (action == GameActions.ChatSay)
        {
            Assert.False(line.TrimStart().StartsWith('/'), "the chat message would run as a command");
            Assert.Equal(Given(arguments, Message), line);
        }
        else if (action != GameActions.ConsoleRaw)
        {
            var name = action == GameActions.PlayerKick ? "/kick " : "/ban ";
            Assert.StartsWith(name, line, StringComparison.Ordinal);
            var parameter = line[name.Length..];
            var space = parameter.IndexOf(' ', StringComparison.Ordinal);
            Assert.Equal(Given(arguments, Player), space < 0 ? parameter : parameter[..space]);
            Assert.Equal(Intended(arguments, Reason), space < 0 ? null : parameter[(space + 1)..]);
        }
    }

    // What the job asked for: the value without surrounding whitespace (the agent sends it trimmed).
    private static string Given(Dictionary<string, string> arguments, string name) => arguments[name].Trim();

    // An optional argument as the job asked for it; null when absent or blank.
    private static string? Intended(Dictionary<string, string> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
