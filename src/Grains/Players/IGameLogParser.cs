namespace GameOps.Grains.Players;

/// <summary>
/// Reads player events out of one game's console lines. Pure and total: any text gives an event or null, never an
/// exception, in time linear in its length (no backtracking patterns).
/// </summary>
public interface IGameLogParser
{
    /// <summary>What separates a chat line's player name from the message; a name may contain it too (see <see cref="WithKnownName"/>).</summary>
    string ChatNameSeparator { get; }

    /// <summary>The player event <paramref name="line"/> records, or null when it records none.</summary>
    GameEvent? Parse(string line);

    /// <summary>
    /// Whether <see cref="WithKnownName"/> could split <paramref name="chat"/> otherwise than its line did: only a chat
    /// line whose text holds the separator too (the line is split at the first one, so a name cut short leaves one in the
    /// text), of a player with an id to be known by. Any other chat line names its player right by itself.
    /// </summary>
    bool MayNeedKnownName(GameEvent chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return chat.Kind == GameEventKind.Chat && chat.PlayerId is not null && chat.Text?.Contains(ChatNameSeparator, StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// A chat event split again with the name the player joined under: a line cannot tell where a name that contains
    /// the separator ends, so the parser splits at the first one, and whoever knows the player by id splits it right.
    /// </summary>
    GameEvent WithKnownName(GameEvent chat, string knownName)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.Kind != GameEventKind.Chat || chat.PlayerName == knownName || chat.Text is null)
        {
            return chat;
        }

        var body = chat.PlayerName + ChatNameSeparator + chat.Text;
        var prefix = knownName + ChatNameSeparator;
        return body.StartsWith(prefix, StringComparison.Ordinal)
            ? chat with { PlayerName = knownName, Text = body[prefix.Length..] }
            : chat;
    }
}
