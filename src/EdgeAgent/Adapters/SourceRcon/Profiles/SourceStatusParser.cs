using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Reads the players out of a Source engine server's answer to <c>status</c>. Two layouts:
/// <list type="bullet">
/// <item>Source 1 (CS:S, TF2, CS:GO, Garry's Mod; https://developer.valvesoftware.com/wiki/Status): a header
/// <c># userid name uniqueid connected ping loss state rate adr</c> and one line per player,
/// <c>#      2 "Alice" [U:1:1234] 05:12 40 0 active 1.2.3.4:27005</c> (CS:GO puts a second number after the user id;
/// TF2 has no rate). The name is quoted but not escaped, so it runs to the last quote of the line.</item>
/// <item>Source 2 (CS2): a <c>---------players--------</c> line, a header <c>id time ping loss state rate adr name</c>,
/// and rows ending with the name in single quotes, up to <c>#end</c>.</item>
/// </list>
/// Bots (uniqueid <c>BOT</c>) and the placeholder slot 65535 of a client still connecting are left out.
/// </summary>
public static class SourceStatusParser
{
    private const string Source2TableStart = "---------players--------";
    private const int PlaceholderSlot = 65535;

    /// <exception cref="RconAnswerFormatException">The answer has none of a status report's lines.</exception>
    public static PlayerList Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var players = new List<Player>();
        var recognised = false;
        var inSource2Table = false;
        foreach (var rawLine in answer.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.StartsWith("#end", StringComparison.Ordinal))
            {
                inSource2Table = false;
                continue;
            }

            if (IsField(line, "hostname") || IsField(line, "players") || line.StartsWith("# userid", StringComparison.Ordinal))
            {
                recognised = true;
                continue;
            }

            if (line.SequenceEqual(Source2TableStart))
            {
                recognised = true;
                inSource2Table = true;
                continue;
            }

            if (inSource2Table)
            {
                if (TryParseSource2Row(line, out var player))
                {
                    players.Add(player);
                }
            }
            else if (line[0] == '#' && TryParseSource1Row(line[1..], out var player))
            {
                recognised = true;
                players.Add(player);
            }
        }

        return recognised
            ? new PlayerList(players)
            : throw new RconAnswerFormatException(
                "the answer to 'status' is not a Source status report (no 'hostname', 'players' or '# userid' line)");
    }

    // "hostname: ...", "players : 2 humans, ...": a field name, optional spaces, a colon.
    private static bool IsField(ReadOnlySpan<char> line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line[name.Length..].TrimStart().StartsWith(':');

    private static bool TryParseSource1Row(ReadOnlySpan<char> row, out Player player)
    {
        player = null!;
        var rest = row.TrimStart();
        if (!ConsoleText.TryReadNumber(rest, out var userId, out var length))
        {
            return false; // "# userid name ..." header or another comment line
        }

        rest = rest[length..].TrimStart();
        if (ConsoleText.TryReadNumber(rest, out _, out var slotLength))
        {
            rest = rest[slotLength..].TrimStart(); // CS:GO's second number
        }

        var close = rest.LastIndexOf('"');
        if (rest.IsEmpty || rest[0] != '"' || close <= 0)
        {
            return false;
        }

        var name = rest[1..close].ToString();
        var fields = ConsoleText.Tokens(rest[(close + 1)..], max: 8);
        if (fields.Count > 0 && fields[0] == "BOT")
        {
            return false;
        }

        player = new Player(name)
        {
            Id = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PlatformId = fields.Count > 0 ? fields[0] : null,
            Ping = fields.Count > 2 ? ConsoleText.ParseInt(fields[2]) : null,
            Ip = fields.Count >= 6 ? ConsoleText.IpOf(fields[^1]) : null,
        };
        return true;
    }

    private static bool TryParseSource2Row(ReadOnlySpan<char> row, out Player player)
    {
        player = null!;
        var open = row.IndexOf('\'');
        var close = row.LastIndexOf('\'');
        if (open < 0 || close <= open)
        {
            return false;
        }

        var fields = ConsoleText.Tokens(row[..open], max: 8);
        if (fields.Count < 2 || ConsoleText.ParseInt(fields[0]) is not { } id || id == PlaceholderSlot || fields[1] == "BOT")
        {
            return false;
        }

        player = new Player(row[(open + 1)..close].ToString())
        {
            Id = fields[0],
            Ping = fields.Count > 2 ? ConsoleText.ParseInt(fields[2]) : null,
            Ip = fields.Count > 6 ? ConsoleText.IpOf(fields[6]) : null,
        };
        return true;
    }
}
