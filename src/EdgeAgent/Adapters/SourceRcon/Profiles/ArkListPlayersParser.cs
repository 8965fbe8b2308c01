using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Reads the players out of an ARK server's answer to <c>ListPlayers</c>
/// (https://ark.wiki.gg/wiki/Console_commands#ListPlayers): one line per player, <c>0. Alice, 76561198000000001</c>
/// (the list position, the name, the Steam id, or on ARK: Survival Ascended the EOS id), or
/// <c>No Players Connected</c>. Names may contain <c>, </c>, so the id is taken after the last one.
/// </summary>
public static class ArkListPlayersParser
{
    private const string NoPlayers = "No Players Connected";

    /// <exception cref="RconAnswerFormatException">The answer has neither player lines nor "No Players Connected".</exception>
    public static PlayerList Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var players = new List<Player>();
        var empty = false;
        foreach (var rawLine in answer.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.StartsWith(NoPlayers, StringComparison.Ordinal))
            {
                empty = true;
                continue;
            }

            if (!ConsoleText.TryReadNumber(line, out _, out var digits) || !line[digits..].StartsWith(". ", StringComparison.Ordinal))
            {
                continue;
            }

            var entry = line[(digits + 2)..];
            var comma = entry.LastIndexOf(", ", StringComparison.Ordinal);
            if (comma < 0)
            {
                continue;
            }

            var id = entry[(comma + 2)..].Trim();
            players.Add(new Player(entry[..comma].ToString()) { PlatformId = id.IsEmpty ? null : id.ToString() });
        }

        return players.Count > 0 || empty
            ? new PlayerList(players)
            : throw new RconAnswerFormatException(
                "the answer to 'ListPlayers' is not an ARK player list (expected lines like '0. Name, 76561198...' or 'No Players Connected')");
    }
}
