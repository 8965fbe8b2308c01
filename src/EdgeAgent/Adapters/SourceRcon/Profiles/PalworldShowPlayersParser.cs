using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Reads the players out of a Palworld server's answer to <c>ShowPlayers</c>
/// (https://docs.palworldgame.com/settings-and-operation/commands): CSV with the header <c>name,playeruid,steamid</c>
/// and one line per player. Palworld does not quote the CSV, so a name may itself hold commas: the last two fields
/// are taken from the right and the name is everything before them.
/// </summary>
public static class PalworldShowPlayersParser
{
    private const string Header = "name,playeruid,steamid";

    /// <exception cref="RconAnswerFormatException">The answer does not start with the CSV header.</exception>
    public static PlayerList Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var players = new List<Player>();
        var headerSeen = false;
        foreach (var rawLine in answer.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (!headerSeen)
            {
                if (!line.Equals(Header, StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                headerSeen = true;
                continue;
            }

            var steamComma = line.LastIndexOf(',');
            var uidComma = steamComma > 0 ? line[..steamComma].LastIndexOf(',') : -1;
            if (uidComma < 0)
            {
                continue; // not a player line
            }

            var uid = line[(uidComma + 1)..steamComma].Trim();
            var steamId = line[(steamComma + 1)..].Trim();
            players.Add(new Player(line[..uidComma].ToString())
            {
                Id = uid.IsEmpty ? null : uid.ToString(),
                PlatformId = steamId.IsEmpty ? null : steamId.ToString(),
            });
        }

        return headerSeen
            ? new PlayerList(players)
            : throw new RconAnswerFormatException($"the answer to 'ShowPlayers' is not Palworld's player CSV (expected the header '{Header}')");
    }
}
