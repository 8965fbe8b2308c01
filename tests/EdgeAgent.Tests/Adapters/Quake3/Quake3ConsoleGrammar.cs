namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>
/// How an id Tech 3 server reads an rcon request into commands and their arguments, written from ioquake3's source
/// (github.com/ioquake/ioq3) with this project's own code:
/// <list type="bullet">
/// <item>qcommon/msg.c <c>MSG_ReadStringLine</c>: the request line ends at the first NUL or line feed.</item>
/// <item>server/sv_main.c <c>SVC_RemoteCommand</c>: the command is the text after <c>rcon</c>, the password and the
/// spaces around them, taken as it is.</item>
/// <item>qcommon/cmd.c <c>Cbuf_Execute</c>: a command ends at a line feed or carriage return, and at <c>;</c> outside
/// double quotes (counted by parity). Whether a game's rcon goes through the command buffer differs by engine, so
/// the grammar assumes it does: that reading splits at least as often as any other.</item>
/// <item>qcommon/cmd.c <c>Cmd_TokenizeString2</c>: every byte up to <c>' '</c> is whitespace; outside quotes
/// <c>//</c> ends the line and <c>/* … */</c> is skipped; <c>"</c> starts an argument that runs to the next
/// <c>"</c> with no escape inside; a bare argument ends at whitespace, a quote or a comment start.</item>
/// </list>
/// </summary>
internal static class Quake3ConsoleGrammar
{
    /// <summary>The commands, each as its arguments (the command's name first), that <paramref name="requestLine"/> runs.</summary>
    public static List<List<string>> Read(string requestLine)
    {
        var end = requestLine.IndexOfAny(['\0', '\n']);
        var line = end < 0 ? requestLine : requestLine[..end];
        var commands = new List<List<string>>();
        foreach (var command in SplitCommands(RemoteCommand(line)))
        {
            var arguments = Tokenize(command);
            if (arguments.Count > 0)
            {
                commands.Add(arguments);
            }
        }

        return commands;
    }

    private static string RemoteCommand(string line)
    {
        var position = "rcon".Length;
        position = SkipSpaces(line, position);
        while (position < line.Length && line[position] != ' ')
        {
            position++; // the password
        }

        return line[SkipSpaces(line, position)..];
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }

        return position;
    }

    private static IEnumerable<string> SplitCommands(string text)
    {
        var start = 0;
        var quotes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quotes++;
            }

            if ((quotes % 2 == 0 && text[i] == ';') || text[i] is '\n' or '\r')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static List<string> Tokenize(string text)
    {
        var arguments = new List<string>();
        var i = 0;
        while (true)
        {
            // Whitespace and comments between arguments.
            while (true)
            {
                while (i < text.Length && text[i] <= ' ')
                {
                    i++;
                }

                if (i >= text.Length || IsAt(text, i, "//"))
                {
                    return arguments;
                }

                if (!IsAt(text, i, "/*"))
                {
                    break;
                }

                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    return arguments;
                }

                i = close + 2;
            }

            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                arguments.Add(close < 0 ? text[(i + 1)..] : text[(i + 1)..close]);
                if (close < 0)
                {
                    return arguments;
                }

                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] > ' ' && text[i] != '"' && !IsAt(text, i, "//") && !IsAt(text, i, "/*"))
            {
                i++;
            }

            arguments.Add(text[start..i]);
        }
    }

    private static bool IsAt(string text, int position, string what) =>
        string.CompareOrdinal(text, position, what, 0, what.Length) == 0;
}
