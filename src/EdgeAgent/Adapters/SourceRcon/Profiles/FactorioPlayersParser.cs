using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// Reads the players out of a Factorio server's answer to <c>/players online</c>
/// (https://wiki.factorio.com/Console#Multiplayer_commands): <c>Online players (2):</c> then one indented line per
/// player, <c>  Alice (online)</c>.
/// </summary>
public static class FactorioPlayersParser
{
    private const string Header = "Online players (";
    private const string OnlineSuffix = " (online)";

    /// <exception cref="RconAnswerFormatException">The answer has no <c>Online players (N):</c> line.</exception>
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
                headerSeen = line.StartsWith(Header, StringComparison.Ordinal)
                    && ConsoleText.TryReadNumber(line[Header.Length..], out _, out var digits)
                    && line[(Header.Length + digits)..].SequenceEqual("):");
                continue;
            }

            if (line.EndsWith(OnlineSuffix, StringComparison.Ordinal))
            {
                line = line[..^OnlineSuffix.Length].TrimEnd();
            }

            if (!line.IsEmpty)
            {
                players.Add(new Player(line.ToString()));
            }
        }

        return headerSeen
            ? new PlayerList(players)
            : throw new RconAnswerFormatException("the answer to '/players online' is not Factorio's player list (expected 'Online players (N):')");
    }
}
