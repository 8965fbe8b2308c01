namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>
/// How a Teeworlds 0.7 server reads an econ line into commands and their arguments, written from its source
/// (github.com/teeworlds/teeworlds) with this project's own code:
/// <list type="bullet">
/// <item>engine/shared/network_console_conn.cpp <c>CConsoleNetConnection::Recv</c>: a line ends at <c>\r</c> or
/// <c>\n</c>; <c>str_sanitize_cc</c> turns every byte below 32 into a space, and the C string ends at a NUL.</item>
/// <item>engine/shared/console.cpp <c>ExecuteLineStroked</c>: <c>"</c> toggles a string; a backslash followed by
/// <c>"</c> skips that quote, inside a string or not; outside a string <c>;</c> ends a command and <c>#</c> ends the
/// line (a comment).</item>
/// <item><c>ParseStart</c>: the command's name is the first word (whitespace is space, tab, CR, LF).</item>
/// <item><c>ParseArgs</c>: an argument starting with <c>"</c> runs to the next unescaped <c>"</c>, with <c>\\</c> and
/// <c>\"</c> read as a backslash and a quote (an unclosed one is an error: the command does not run); otherwise it
/// is one word, or for a command's last <c>r</c> parameter the rest of the line, trimmed on the right.</item>
/// </list>
/// Every text beyond a command's parameters is returned as further arguments, so an argument that spills over shows.
/// </summary>
internal static class TeeworldsConsoleGrammar
{
    /// <summary>The parameters of the commands the adapter sends (engine/server/server.cpp, game/server/gamecontext.cpp).</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["say"] = "r",
        ["kick"] = "i?r",
        ["ban"] = "s?ir",
        ["status"] = string.Empty,
        ["echo"] = "r",
    };

    /// <summary>The commands <paramref name="line"/> runs, each as its name and arguments; a command whose arguments do not parse is left out.</summary>
    public static List<List<string>> Read(string line)
    {
        var end = line.IndexOfAny(['\r', '\n', '\0']);
        var sanitized = string.Concat((end < 0 ? line : line[..end]).Select(c => c < ' ' ? ' ' : c));
        var commands = new List<List<string>>();
        foreach (var part in Split(sanitized))
        {
            var name = part.TrimStart(' ', '\t', '\r', '\n');
            var nameEnd = name.IndexOfAny([' ', '\t', '\r', '\n']);
            var arguments = nameEnd < 0 ? string.Empty : name[(nameEnd + 1)..];
            name = nameEnd < 0 ? name : name[..nameEnd];
            if (name.Length == 0)
            {
                continue;
            }

            if (ParseArguments(arguments, Parameters.GetValueOrDefault(name, "r")) is { } parsed)
            {
                commands.Add([name, .. parsed]);
            }
        }

        return commands;
    }

    private static IEnumerable<string> Split(string line)
    {
        var start = 0;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (line[i] == '\\')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    i++;
                }
            }
            else if (!inString && line[i] == ';')
            {
                yield return line[start..i];
                start = i + 1;
            }
            else if (!inString && line[i] == '#')
            {
                yield return line[start..i];
                yield break;
            }
        }

        yield return line[start..];
    }

    private static List<string>? ParseArguments(string text, string format)
    {
        var kinds = format.Replace("?", string.Empty, StringComparison.Ordinal);
        var arguments = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return arguments;
            }

            var kind = arguments.Count < kinds.Length ? kinds[arguments.Count] : 's';
            if (text[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return null; // unclosed string: "Invalid arguments", the command does not run
                    }

                    if (text[i] == '"')
                    {
                        break;
                    }

                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or '"')
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                arguments.Add(value.ToString());
                i++;
            }
            else if (kind == 'r')
            {
                arguments.Add(text[i..].TrimEnd(' ', '\t', '\r', '\n'));
                return arguments;
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] is not (' ' or '\t' or '\r' or '\n'))
                {
                    i++;
                }

                arguments.Add(text[start..i]);
            }
        }
    }
}
