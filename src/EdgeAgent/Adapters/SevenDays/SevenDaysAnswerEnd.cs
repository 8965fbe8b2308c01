namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// How a command's answer is recognised. The console sends no end-of-output marker, so an answer ends at a line known
/// to be its last (<c>Total of N in the game</c> after <c>lp</c>, the one <c>Day N, HH:MM</c> line of <c>gt</c>), else
/// once no answer line has come for the quiet period. Some commands answer with log lines rather than output lines;
/// those, and only those, are part of the answer as well as of the console's log.
/// </summary>
internal static class SevenDaysAnswerEnd
{
    /// <summary>What the game logs when the server itself says something in chat (<c>say</c>).</summary>
    public const string ServerChatPrefix = "Chat (from '-non-player-', entity id '-1', to 'Global'): ";

    /// <summary>What the game logs when it disconnects a player (<c>kick</c>, and <c>ban add</c> of a player who is there).</summary>
    public const string KickingPlayerPrefix = "Kicking player (";

    /// <summary>How <c>saveworld</c> confirms, as an output line or, on builds that log it, as a log line.</summary>
    public const string WorldSavedPrefix = "World saved";

    /// <summary>The test for the last line of <paramref name="command"/>'s answer, or null when only silence ends it.</summary>
    public static Func<string, bool>? LastLineOf(string command)
    {
        var name = Name(command);
        if (name.Equals("lp", StringComparison.OrdinalIgnoreCase) || name.Equals("listplayers", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysParsers.IsPlayerTotal(line, out _);
        }

        if (name.Equals("gt", StringComparison.OrdinalIgnoreCase) || name.Equals("gettime", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysParsers.TryReadGameTime(line, out _);
        }

        return null;
    }

    /// <summary>
    /// The test for the log lines that answer <paramref name="command"/> (given the whole line), or null when none do:
    /// <list type="bullet">
    /// <item><c>mem</c>: the statistics line (<c>Time: …m FPS: … Heap: …</c>), which some builds log instead of printing.</item>
    /// <item><c>say</c>: the server's chat line ending with the text said (public captures show
    /// <c>Chat (from '-non-player-', entity id '-1', to 'Global'): 'Server': text</c> and, later, <c>…: text</c>).</item>
    /// <item><c>kick</c> and <c>ban</c>: <c>Kicking player (Kick: reason): EntityID=171, PltfmId='…', …</c>.</item>
    /// <item><c>saveworld</c>: a line starting <c>World saved</c>.</item>
    /// </list>
    /// </summary>
    public static Func<string, bool>? AnswerLogLineOf(string command)
    {
        var name = Name(command);
        if (name.Equals("mem", StringComparison.OrdinalIgnoreCase) && command.AsSpan().Trim().Length == name.Length)
        {
            return line => SevenDaysParsers.IsStatsLine(SevenDaysConsoleText.LogMessage(line));
        }

        if (name.Equals("say", StringComparison.OrdinalIgnoreCase))
        {
            var said = SaidText(command);
            return line =>
            {
                var message = SevenDaysConsoleText.LogMessage(line);
                return message.StartsWith(ServerChatPrefix, StringComparison.Ordinal) && message.EndsWith(said, StringComparison.Ordinal);
            };
        }

        if (name.Equals("kick", StringComparison.OrdinalIgnoreCase) || name.Equals("ban", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysConsoleText.LogMessage(line).StartsWith(KickingPlayerPrefix, StringComparison.Ordinal);
        }

        if (name.Equals("saveworld", StringComparison.OrdinalIgnoreCase) || name.Equals("sa", StringComparison.OrdinalIgnoreCase))
        {
            return line => SevenDaysConsoleText.LogMessage(line).StartsWith(WorldSavedPrefix, StringComparison.Ordinal);
        }

        return null;
    }

    private static ReadOnlySpan<char> Name(string command)
    {
        var name = command.AsSpan().Trim();
        var space = name.IndexOfAny(' ', '\t');
        return space >= 0 ? name[..space] : name;
    }

    /// <summary>The text a <c>say</c> command says: its quoted argument read back (<c>""</c> is one quote), or the rest of the line.</summary>
    private static string SaidText(string command)
    {
        var text = command.AsSpan().Trim()[3..].Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"'
            ? text[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal)
            : text.ToString();
    }
}
