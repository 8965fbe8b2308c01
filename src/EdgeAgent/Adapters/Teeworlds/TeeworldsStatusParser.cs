using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.Teeworlds;

/// <summary>
/// Reads the answer to a Teeworlds server's <c>status</c> command (the server's <c>ConStatus</c>): one line per
/// occupied client slot, printed by the <c>server</c> system, nothing at all on an empty server.
/// <list type="bullet">
/// <item>0.7: <c>id=0 addr=1.2.3.4:50000 client=704 name='nameless tee' score=3 (Admin)</c>, where <c>client</c> is
/// the client's version in hexadecimal and the last word, if any, its rcon rights;</item>
/// <item>0.6: <c>id=0 addr=1.2.3.4:50000 name='nameless tee' score=3</c>;</item>
/// <item>a slot still joining: <c>id=1 addr=1.2.3.4:50001 connecting</c> (no name yet: not a player).</item>
/// </list>
/// The name is quoted but not escaped, so it may hold quotes itself: it runs from <c>name='</c> to the last
/// <c>' score=</c> of the line (or, where a fork prints no score, to <c>' client=</c> or the last quote).
/// </summary>
public static class TeeworldsStatusParser
{
    private const string IdField = "id=";
    private const string AddressField = " addr=";
    private const string NameField = "name='";

    /// <summary>
    /// Reads the players of a <c>status</c> answer. Lines from other systems (log lines pushed meanwhile, the
    /// server's echo of the command) are skipped. Returns <see langword="false"/> with a reason (never the line) when
    /// a status line is malformed.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PlayerList? players, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        players = null;
        var found = new List<Player>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (TeeworldsConsoleLine.TrySplit(line, out var system, out var message))
            {
                if (!system.Equals("server", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }
            else
            {
                message = line;
            }

            if (!message.StartsWith(IdField, StringComparison.Ordinal))
            {
                continue;
            }

            if (!TryReadLine(message, out var player, out error))
            {
                return false;
            }

            if (player is not null)
            {
                found.Add(player);
            }
        }

        players = new PlayerList(found);
        error = null;
        return true;
    }

    /// <summary>One <c>id=…</c> line: a player, or <see langword="null"/> for a slot that is still connecting.</summary>
    private static bool TryReadLine(ReadOnlySpan<char> line, out Player? player, [NotNullWhen(false)] out string? error)
    {
        player = null;
        var rest = line[IdField.Length..];
        var idLength = rest.IndexOfAnyExceptInRange('0', '9');
        if (idLength < 0)
        {
            idLength = rest.Length;
        }

        if (idLength is 0 or > 3 || !rest[idLength..].StartsWith(AddressField, StringComparison.Ordinal))
        {
            error = "a status line does not start with a client id and an address";
            return false;
        }

        var id = int.Parse(rest[..idLength], NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        rest = rest[(idLength + AddressField.Length)..];
        var addressLength = rest.IndexOf(' ');
        var address = addressLength < 0 ? rest : rest[..addressLength];
        rest = addressLength < 0 ? [] : rest[(addressLength + 1)..];

        // DDNet wraps the address as <{1.2.3.4:8303}> so it can be hidden from logs.
        if (address.StartsWith("<{", StringComparison.Ordinal) && address.EndsWith("}>", StringComparison.Ordinal) && address.Length >= 4)
        {
            address = address[2..^2];
        }

        if (rest.Trim().SequenceEqual("connecting"))
        {
            error = null;
            return true;
        }

        var nameStart = rest.IndexOf(NameField, StringComparison.Ordinal);
        if (nameStart < 0)
        {
            error = $"the status line of client {id} has no name";
            return false;
        }

        nameStart += NameField.Length;
        var afterName = rest[nameStart..];
        var nameLength = afterName.LastIndexOf("' score=", StringComparison.Ordinal);
        if (nameLength < 0)
        {
            nameLength = afterName.LastIndexOf("' client=", StringComparison.Ordinal);
        }

        if (nameLength < 0)
        {
            nameLength = afterName.LastIndexOf('\'');
        }

        if (nameLength < 0)
        {
            error = $"the name in the status line of client {id} has no closing quote";
            return false;
        }

        player = new Player(afterName[..nameLength].ToString())
        {
            Id = id,
            Ip = PlayerAddress.ToIp(address),
            Score = ReadScore(afterName[(nameLength + 1)..]),
        };
        error = null;
        return true;
    }

    private static int? ReadScore(ReadOnlySpan<char> fields)
    {
        var start = fields.IndexOf(" score=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var value = fields[(start + " score=".Length)..];
        var end = value.IndexOf(' ');
        return int.TryParse(end < 0 ? value : value[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score)
            ? score
            : null;
    }
}
