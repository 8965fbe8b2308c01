namespace GameOps.TestSupport;

/// <summary>
/// How the 7 Days to Die console reads a command line, written with this project's own code from the console's
/// behaviour as the community documents it (7dtd.illy.bz wiki, Console Commands; commands.gg/7dtd, e.g. "You need to
/// put your message between quotation marks if you want to send more than one word") and as the game's console parser
/// does it: the telnet console runs one command per line; a line is split into parameters at spaces and tabs outside
/// double quotes; a <c>"</c> starts a parameter that runs to the next lone <c>"</c>, in which <c>""</c> stands for one
/// quote; text right before an opening quote is a parameter of its own; a quote left open is an error
/// (<c>*** ERROR: Quotation started at position N was not closed</c>) and nothing runs.
/// </summary>
public static class SevenDaysConsoleGrammar
{
    /// <summary>The command's name and parameters, or null when a quote is left open.</summary>
    public static List<string>? Read(string line)
    {
        var parameters = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (!quoted)
            {
                if (line[i] == '"')
                {
                    AddIfAny(parameters, line, start, i);
                    start = i + 1;
                    quoted = true;
                }
                else if (line[i] is ' ' or '\t')
                {
                    AddIfAny(parameters, line, start, i);
                    start = i + 1;
                }
            }
            else if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                parameters.Add(line[start..i].Replace("\"\"", "\"", StringComparison.Ordinal));
                start = i + 1;
                quoted = false;
            }
        }

        if (quoted)
        {
            return null;
        }

        AddIfAny(parameters, line, start, line.Length);
        return parameters;
    }

    private static void AddIfAny(List<string> parameters, string line, int start, int end)
    {
        if (end > start)
        {
            parameters.Add(line[start..end]);
        }
    }
}
