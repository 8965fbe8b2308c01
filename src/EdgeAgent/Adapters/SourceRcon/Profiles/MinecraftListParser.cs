using System.Text;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Reads the players out of a Minecraft server's answer to <c>list</c> (https://minecraft.wiki/w/Commands/list):
/// <list type="bullet">
/// <item>Java Edition 1.13 and later: <c>There are 2 of a max of 20 players online: Alice, Bob</c>; with
/// <c>list uuids</c> each name is followed by its UUID in parentheses, <c>Alice (069a79f4-44e9-4726-a5be-fca90e38aaf5)</c>.</item>
/// <item>Older servers: <c>There are 2/20 players online:</c> with the names on the next line.</item>
/// <item>Bukkit plugins such as Essentials: <c>There are 2 out of maximum 20 players online.</c> then one line per
/// group, <c>default: Alice, Bob</c>.</item>
/// </list>
/// Formatting codes (<c>§</c> and the character after it) are removed first. Vanilla names cannot contain
/// <c>, </c>, so the list splits there.
/// </summary>
public static class MinecraftListParser
{
    private const string Start = "There are ";
    private const int UuidLength = 36;

    /// <exception cref="RconAnswerFormatException">The answer has no <c>There are N ... players online</c> line.</exception>
    public static PlayerList Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = StripFormatting(answer);
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        if (start < 0 || !TryReadHeader(text.AsSpan(start + Start.Length), out var count, out var headerLength))
        {
            throw new RconAnswerFormatException(
                "the answer to 'list' is not a Minecraft player list (expected 'There are N of a max of M players online: ...')");
        }

        var players = new List<Player>();
        if (count == 0)
        {
            return new PlayerList(players);
        }

        foreach (var rawLine in text.AsSpan(start + Start.Length + headerLength).EnumerateLines())
        {
            var line = rawLine.Trim();

            // "default: Alice, Bob" (a plugin's group line): the names follow the label.
            var label = line.IndexOf(": ", StringComparison.Ordinal);
            if (label >= 0)
            {
                line = line[(label + 2)..];
            }

            foreach (var entry in line.ToString().Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                players.Add(ToPlayer(entry));
            }
        }

        return new PlayerList(players);
    }

    // After "There are ": "N of a max of M players online:", "N/M players online:" or "N out of maximum M players online.".
    private static bool TryReadHeader(ReadOnlySpan<char> text, out int count, out int length)
    {
        length = 0;
        if (!ConsoleText.TryReadNumber(text, out count, out var digits))
        {
            return false;
        }

        var rest = text[digits..];
        ReadOnlySpan<string> separators = [" of a max of ", "/", " out of maximum "];
        foreach (var separator in separators)
        {
            if (!rest.StartsWith(separator, StringComparison.Ordinal)
                || !ConsoleText.TryReadNumber(rest[separator.Length..], out _, out var maxDigits))
            {
                continue;
            }

            var tail = rest[(separator.Length + maxDigits)..];
            foreach (var ending in (ReadOnlySpan<string>)[" players online:", " players online."])
            {
                if (tail.StartsWith(ending, StringComparison.Ordinal))
                {
                    length = digits + separator.Length + maxDigits + ending.Length;
                    return true;
                }
            }
        }

        return false;
    }

    private static Player ToPlayer(string entry)
    {
        // "Alice (069a79f4-44e9-4726-a5be-fca90e38aaf5)" from "list uuids".
        if (entry.Length > UuidLength + 3 && entry[^1] == ')' && entry[^(UuidLength + 3)..^(UuidLength + 1)] == " (")
        {
            var uuid = entry[^(UuidLength + 1)..^1];
            if (Guid.TryParseExact(uuid, "D", out _))
            {
                return new Player(entry[..^(UuidLength + 3)]) { PlatformId = uuid };
            }
        }

        return new Player(entry);
    }

    private static string StripFormatting(string text)
    {
        if (!text.Contains('§', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '§')
            {
                i++; // the code character after it
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
