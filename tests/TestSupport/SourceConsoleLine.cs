using System.Text;

namespace GameOps.TestSupport;

/// <summary>
/// How a Source engine server reads a console line, written from the Source SDK 2013 (ValveSoftware/source-sdk-2013):
/// the command buffer splits the line into commands (tier1/commandbuffer.cpp, <c>CCommandBuffer::AddText</c> and
/// <c>GetNextCommandLength</c>) and each command is tokenized into arguments (tier1/convar.cpp, <c>CCommand::Tokenize</c>
/// over tier1/utlbuffer.cpp <c>CUtlBuffer::ParseToken</c>). The test double runs what it receives through this, and the
/// agent's quoting is checked against it.
/// </summary>
public static class SourceConsoleLine
{
    // CCommand's default break set: each of these is a token by itself outside quotes.
    private const string BreakCharacters = "{}()':";

    /// <summary>
    /// The commands of <paramref name="line"/>, in order: a line feed always ends one; outside double quotes <c>;</c>
    /// ends one and <c>//</c> starts a comment that runs to the line feed. Commands without a first token are dropped,
    /// as <c>AddText</c> drops them.
    /// </summary>
    public static IReadOnlyList<string> SplitCommands(string line)
    {
        // The engine works on C strings: a NUL ends the input.
        line = line.Split('\0')[0];
        var commands = new List<string>();
        var start = 0;
        while (start < line.Length)
        {
            var remaining = line.Length - start;
            int length = 0, offset;
            bool quoted = false, commented = false;
            for (offset = 0; offset < remaining; offset++, length += commented ? 0 : 1)
            {
                var character = line[start + offset];
                if (!commented)
                {
                    if (character == '"')
                    {
                        quoted = !quoted;
                        continue;
                    }

                    if (!quoted && character == '/')
                    {
                        commented = offset < remaining - 1 && line[start + offset + 1] == '/';
                        if (commented)
                        {
                            offset++;
                            continue;
                        }
                    }

                    if (!quoted && character == ';')
                    {
                        break;
                    }
                }

                if (character == '\n')
                {
                    break;
                }
            }

            var command = line.Substring(start, length);
            if (length > 0 && Tokenize(command).Arguments is [{ Length: > 0 }, ..])
            {
                commands.Add(command);
            }

            start += offset + 1;
        }

        return commands;
    }

    /// <summary>
    /// One command's arguments (argv, the command's name first) and <c>ArgS</c>, the text after the name, which commands
    /// such as <c>say</c> read whole. A quoted string is one argument up to the next <c>"</c>, with no escapes; outside
    /// quotes, whitespace separates arguments, <c>//</c> starts a comment and each of <c>{}()':</c> is an argument of its own.
    /// </summary>
    public static SourceCommand Tokenize(string command)
    {
        var arguments = new List<string>();
        var argS = string.Empty;
        var i = 0;
        while (true)
        {
            // CUtlBuffer::EatWhiteSpace (isspace) and EatCPPComment, repeated.
            while (true)
            {
                while (i < command.Length && IsSpace(command[i]))
                {
                    i++;
                }

                if (i + 1 < command.Length && command[i] == '/' && command[i + 1] == '/')
                {
                    i = command.IndexOf('\n', i) is var end and >= 0 ? end + 1 : command.Length;
                    continue;
                }

                break;
            }

            if (i >= command.Length)
            {
                break;
            }

            var token = new StringBuilder();
            if (command[i] == '"')
            {
                i++;
                while (i < command.Length && command[i] != '"')
                {
                    token.Append(command[i++]);
                }

                i++; // the closing quote, or past the end
            }
            else if (BreakCharacters.Contains(command[i], StringComparison.Ordinal))
            {
                token.Append(command[i++]);
            }
            else
            {
                while (i < command.Length && !IsSpace(command[i]) && command[i] != '"' && !BreakCharacters.Contains(command[i], StringComparison.Ordinal))
                {
                    token.Append(command[i++]);
                }
            }

            arguments.Add(token.ToString());
            if (arguments.Count == 1)
            {
                var rest = Math.Min(i, command.Length);
                while (rest < command.Length && IsSpace(command[rest]))
                {
                    rest++;
                }

                argS = command[rest..];
            }
        }

        return new SourceCommand(arguments, argS);
    }

    /// <summary>
    /// The chat text <c>say</c> sends for a command: its <c>ArgS</c>, with the first and the last character dropped when
    /// the first is a quote (server/client.cpp <c>Host_Say</c>: "remove quotes (leading &amp; trailing) if present").
    /// </summary>
    public static string SayText(SourceCommand command) =>
        command.ArgS.StartsWith('"') && command.ArgS.Length >= 2 ? command.ArgS[1..^1] : command.ArgS;

    // C's isspace in the "C" locale: space, \t, \n, \v, \f, \r.
    private static bool IsSpace(char character) => character is ' ' or (>= '\t' and <= '\r');
}
