namespace GameOps.Grains.Players;

/// <summary>
/// Teeworlds 0.7 console output (econ and log file alike), each line <c>[time][system]: message</c>
/// (teeworlds/teeworlds 0.7.5, <c>src/engine/shared/console.cpp</c>, <c>CConsole::Print</c>). The messages read here:
/// <list type="bullet">
/// <item>join: <c>[game]: team_join player='3:Alice' team=0</c> (<c>gamecontroller.cpp</c>, <c>IGameController::OnPlayerConnect</c>);
/// printed at the debug level, so the econ shows it with <c>ec_output_level 2</c> and a log file with
/// <c>console_output_level 2</c>. The same text with <c>team=0-&gt;1</c> is a team change (<c>DoTeamChange</c>), not a join;</item>
/// <item>leave: <c>[game]: leave player='3:Alice'</c> (<c>IGameController::OnPlayerDisconnect</c>, standard level);</item>
/// <item>chat: <c>[chat]: 1:3:Alice: text</c> (mode, client id, name) and <c>[teamchat]: 2:0:3:Alice: text</c> (mode, team,
/// client id, name) (<c>gamecontext.cpp</c>, <c>CGameContext::SendChat</c>); <c>*** text</c> is the server's own.</item>
/// </list>
/// A name may hold <c>'</c> and <c>: </c>; a quoted name ends at the quote before the fields that follow it.
/// </summary>
public sealed class TeeworldsLogParser : IGameLogParser
{
    public static TeeworldsLogParser Instance { get; } = new();

    private const string TeamJoin = "team_join player='";
    private const string Leave = "leave player='";

    public string ChatNameSeparator => ": ";

    public GameEvent? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!TrySplit(line, out var system, out var message))
        {
            return null;
        }

        return system switch
        {
            "game" when message.StartsWith(TeamJoin, StringComparison.Ordinal) => ParseJoin(message[TeamJoin.Length..]),
            // Longer than the marker: "leave player='" alone ends with the quote it starts with.
            "game" when message.Length > Leave.Length && message.StartsWith(Leave, StringComparison.Ordinal) && message.EndsWith('\'') =>
                Player(message[Leave.Length..^1], GameEventKind.Left),
            "chat" => ParseChat(message, fields: 2, channel: "all"),
            "teamchat" => ParseChat(message, fields: 3, channel: "team"),
            _ => null,
        };
    }

    private static GameEvent? ParseJoin(string rest)
    {
        const string team = "' team=";
        var end = rest.LastIndexOf(team, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var teamValue = rest.AsSpan(end + team.Length);
        return teamValue.Length is > 0 and <= 3 && IsInteger(teamValue) ? Player(rest[..end], GameEventKind.Joined) : null;
    }

    /// <summary>Reads <c>3:Alice</c>: the client id and the name.</summary>
    private static GameEvent? Player(string idAndName, GameEventKind kind)
    {
        var colon = idAndName.IndexOf(':');
        return colon > 0 && colon + 1 < idAndName.Length && IsInteger(idAndName.AsSpan(0, colon))
            ? new GameEvent(kind, idAndName[(colon + 1)..], idAndName[..colon])
            : null;
    }

    /// <summary>Reads <paramref name="fields"/> numbers (the last is the client id), then <c>name: text</c>.</summary>
    private static GameEvent? ParseChat(string message, int fields, string channel)
    {
        var position = 0;
        var idStart = 0;
        for (var i = 0; i < fields; i++)
        {
            var colon = message.IndexOf(':', position);
            if (colon <= position || !IsInteger(message.AsSpan(position, colon - position)))
            {
                return null;
            }

            idStart = position;
            position = colon + 1;
        }

        var nameEnd = message.IndexOf(": ", position, StringComparison.Ordinal);
        if (nameEnd <= position)
        {
            return null;
        }

        var id = message[idStart..(position - 1)];
        return new GameEvent(GameEventKind.Chat, message[position..nameEnd], id, message[(nameEnd + 2)..], channel);
    }

    /// <summary>Splits <c>[time][system]: message</c>.</summary>
    private static bool TrySplit(string line, out string system, out string message)
    {
        system = "";
        message = "";
        if (!line.StartsWith('['))
        {
            return false;
        }

        var timeEnd = line.IndexOf("][", StringComparison.Ordinal);
        if (timeEnd < 0 || timeEnd > 32)
        {
            return false;
        }

        var systemStart = timeEnd + 2;
        var systemEnd = line.IndexOf("]: ", systemStart, StringComparison.Ordinal);
        if (systemEnd < 0 || systemEnd - systemStart > 16)
        {
            return false;
        }

        system = line[systemStart..systemEnd];
        message = line[(systemEnd + 3)..];
        return true;
    }

    private static bool IsInteger(ReadOnlySpan<char> text)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        return digits.Length is > 0 and <= 10 && !digits.ContainsAnyExceptInRange('0', '9');
    }
}
