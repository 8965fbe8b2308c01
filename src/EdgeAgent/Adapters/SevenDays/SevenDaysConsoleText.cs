namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// The fixed texts of the 7 Days to Die telnet console and how its lines are told apart. The console is "not a real
/// Telnet server but a raw text interface" (7dtd.illy.bz wiki, Console Commands): UTF-8 lines, no option negotiation.
/// Every log line starts <c>2024-05-01T12:00:00 1234.567 INF </c> (local time, seconds since start, level); the
/// output of a command has no such prefix.
/// </summary>
internal static class SevenDaysConsoleText
{
    public const string PasswordPrompt = "Please enter password:";
    public const string LogonSuccessful = "Logon successful.";
    public const string PasswordIncorrect = "Password incorrect, please enter password:";
    public const string BannerEnd = "Press 'help' to get a list of all commands. Press 'exit' to end session.";

    /// <summary>Whether <paramref name="line"/> is a timestamped log line: <c>yyyy-MM-ddTHH:mm:ss &lt;uptime&gt; &lt;LVL&gt; …</c>.</summary>
    public static bool IsLogLine(ReadOnlySpan<char> line) => MessageStart(line) >= 0;

    /// <summary>The message of a log line (after its time, uptime and level), or empty when <paramref name="line"/> is not one.</summary>
    public static ReadOnlySpan<char> LogMessage(ReadOnlySpan<char> line)
    {
        var start = MessageStart(line);
        return start < 0 ? default : line[start..];
    }

    /// <summary>Whether <paramref name="line"/> is the log line announcing that this session's <paramref name="command"/> runs.</summary>
    /// <remarks>
    /// The line ends with the address the command came from. It is not compared: behind NAT the game sees another
    /// address than the agent's, and a command's output goes only to the session that sent it, so a twin echo of the
    /// same command from another session can at most start the wait for this session's output a moment early.
    /// </remarks>
    public static bool IsEchoOf(ReadOnlySpan<char> line, string command)
    {
        var start = MessageStart(line);
        if (start < 0)
        {
            return false;
        }

        var message = line[start..];
        const string Before = "Executing command '";
        const string After = "' by Telnet from ";
        return message.StartsWith(Before, StringComparison.Ordinal)
            && message[Before.Length..].StartsWith(command, StringComparison.Ordinal)
            && message[(Before.Length + command.Length)..].StartsWith(After, StringComparison.Ordinal);
    }

    /// <summary>Where the message of a log line starts (after the level and its space), or −1 when the line has no log prefix.</summary>
    private static int MessageStart(ReadOnlySpan<char> line)
    {
        // yyyy-MM-ddTHH:mm:ss
        const string Shape = "dddd-dd-ddTdd:dd:dd ";
        if (line.Length < Shape.Length + 6)
        {
            return -1;
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            var ok = Shape[i] == 'd' ? char.IsAsciiDigit(line[i]) : line[i] == Shape[i];
            if (!ok)
            {
                return -1;
            }
        }

        // The seconds since start: digits with an optional fraction.
        var position = Shape.Length;
        var digits = 0;
        while (position < line.Length && char.IsAsciiDigit(line[position]))
        {
            position++;
            digits++;
        }

        if (digits == 0)
        {
            return -1;
        }

        if (position < line.Length && line[position] == '.')
        {
            position++;
            while (position < line.Length && char.IsAsciiDigit(line[position]))
            {
                position++;
            }
        }

        // " INF " (or WRN, ERR, EXC, LOG): three capital letters between spaces.
        if (position + 5 > line.Length || line[position] != ' ' || line[position + 4] != ' '
            || !char.IsAsciiLetterUpper(line[position + 1]) || !char.IsAsciiLetterUpper(line[position + 2]) || !char.IsAsciiLetterUpper(line[position + 3]))
        {
            return -1;
        }

        return position + 5;
    }
}
