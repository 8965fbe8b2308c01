using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// Reads the player table of an id Tech 3 server's <c>status</c> command (ioquake3's <c>SV_Status_f</c> and the
/// engines derived from it). The answer is a <c>map: …</c> line, a header line naming the columns, a rule of dashes,
/// one row per occupied slot and an empty line. The columns differ by engine:
/// <list type="bullet">
/// <item>Quake 3 1.32, Urban Terror: <c>num score ping name lastmsg address qport rate</c>;</item>
/// <item>current ioquake3 (OpenArena on Debian): <c>cl score ping name address rate</c>;</item>
/// <item>Call of Duty 2/4: <c>num score ping guid name lastmsg address qport rate</c>.</item>
/// </list>
/// Every cell is one word except the name, which may hold spaces and colour escapes and is padded to a width it can
/// exceed; so the columns left of <c>name</c> are read from the left, those right of it from the right, and the name
/// is what lies between. A connecting or dropped client shows <c>CNCT</c> or <c>ZMBI</c> instead of its ping.
/// </summary>
public static class Quake3StatusParser
{
    /// <summary>
    /// Reads the players of a <c>status</c> answer. Returns <see langword="false"/> with a reason (never the answer's
    /// text) when the answer holds no status table or a row does not fit its header.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PlayerList? players, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        players = null;
        var lines = text.Split('\n');
        var headerLine = -1;
        string[]? columns = null;
        for (var i = 0; i < lines.Length && columns is null; i++)
        {
            if (IsHeader(lines[i], out columns))
            {
                headerLine = i;
            }
        }

        if (columns is null)
        {
            error = "the answer holds no status table (no header line naming num or cl, score, ping, name and address)";
            return false;
        }

        var nameColumn = Array.FindIndex(columns, column => column.Equals("name", StringComparison.OrdinalIgnoreCase));
        var before = nameColumn;
        var after = columns.Length - nameColumn - 1;
        var row = headerLine + 1;
        if (row < lines.Length && IsRule(lines[row]))
        {
            row++;
        }

        var found = new List<Player>();
        var cells = new List<Range>(columns.Length + 4);
        for (; row < lines.Length; row++)
        {
            var line = lines[row].AsSpan().TrimEnd('\r');
            Split(line, cells);
            if (cells.Count == 0 || !int.TryParse(line[cells[0]], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                break; // The empty line that ends the table, or other console output after it.
            }

            if (cells.Count < before + after)
            {
                error = $"status row {found.Count + 1} has {cells.Count} columns where the header has {columns.Length}";
                return false;
            }

            found.Add(ReadRow(line, cells, columns, before, after));
        }

        players = new PlayerList(found);
        error = null;
        return true;
    }

    private static Player ReadRow(ReadOnlySpan<char> line, List<Range> cells, string[] columns, int before, int after)
    {
        var nameStart = before == 0 ? 0 : cells[before - 1].End.GetOffset(line.Length);
        var nameEnd = after == 0 ? line.Length : cells[cells.Count - after].Start.GetOffset(line.Length);

        // ioquake3 writes ^7 between the padded name and the address so the name's colour does not run on; it ends up
        // on whichever side of the padding the engine put it, so both the name and the cells lose their escapes.
        var name = Quake3ColorCodes.Strip(line[nameStart..nameEnd].Trim().ToString()).Trim();
        var player = new Player(name);
        for (var column = 0; column < columns.Length; column++)
        {
            if (column == before)
            {
                continue;
            }

            var cell = column < before ? cells[column] : cells[cells.Count - (columns.Length - column)];
            var value = Quake3ColorCodes.Strip(line[cell].ToString());
            player = columns[column].ToLowerInvariant() switch
            {
                "num" or "cl" => player with { Id = value },
                "score" => player with { Score = ParseInt(value) },
                "ping" => player with { Ping = ParseInt(value) }, // CNCT and ZMBI have no ping yet or any more
                "guid" => player with { PlatformId = value },
                "address" => player with { Ip = PlayerAddress.ToIp(value) },
                _ => player,
            };
        }

        return player;
    }

    private static bool IsHeader(string line, [NotNullWhen(true)] out string[]? columns)
    {
        columns = null;
        var first = line.AsSpan().TrimStart();
        if (!first.StartsWith("num ", StringComparison.OrdinalIgnoreCase) && !first.StartsWith("cl ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] required = ["score", "ping", "name", "address"];
        if (required.All(column => words.Count(word => word.Equals(column, StringComparison.OrdinalIgnoreCase)) == 1))
        {
            columns = words;
            return true;
        }

        return false;
    }

    private static bool IsRule(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length > 0 && !trimmed.ContainsAnyExcept('-', ' ', '\r');
    }

    private static void Split(ReadOnlySpan<char> line, List<Range> cells)
    {
        cells.Clear();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }

            if (i > start)
            {
                cells.Add(start..i);
            }
        }
    }

    private static int? ParseInt(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
}
