namespace GameOps.Grains.Players;

/// <summary>
/// 7 Days to Die's log lines (the dedicated server's <c>output_log</c> and its telnet console print the same), each
/// <c>2024-01-05T18:22:33 1234.567 INF message</c>. Formats as public server logs show them (A16 samples in
/// HaaseIT/7DtDisco's <c>SdtdMessageParser.java</c>; A20-V1 samples in CSMM's 7 Days to Die emitter tests; V1 replaced
/// <c>PlayerID</c> with <c>PltfmId</c>/<c>CrossId</c> and added <c>ClientNumber</c>):
/// <list type="bullet">
/// <item><c>PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID=171, PltfmId='Steam_…', CrossId='EOS_…', OwnerID='Steam_…', PlayerName='Alice', ClientNumber='1'</c>
/// (older builds end at <c>PlayerName='Alice'</c>); <c>EnterMultiplayer</c> is the first spawn of a new character, other reasons
/// (Teleport, Died) are not joins;</item>
/// <item><c>Player disconnected: EntityID=171, PltfmId='…', CrossId='…', OwnerID='…', PlayerName='Alice', ClientNumber='1'</c>;</item>
/// <item><c>Chat (from 'Steam_…', entity id '171', to 'Global'): 'Alice': text</c>, which a server with chat mods also prints
/// as <c>Chat handled by mod '…': Chat (from …</c>, a duplicate not read here; entity id <c>-1</c> is the server, not a player;</item>
/// <item><c>GMSG: Player 'Alice' died</c>.</item>
/// </list>
/// Names are printed unquoted inside the quotes: a name may hold <c>'</c> and <c>, </c>, so a name ends where the
/// fields that follow it begin.
/// </summary>
public sealed class SevenDaysLogParser : IGameLogParser
{
    public static SevenDaysLogParser Instance { get; } = new();

    private const string Spawned = "PlayerSpawnedInWorld (reason: ";
    private const string Disconnected = "Player disconnected: EntityID=";
    private const string ChatFrom = "Chat (from '";
    private const string Died = "GMSG: Player '";
    private const string DiedEnd = "' died";
    private const string NameField = "PlayerName='";
    private const string ClientNumberField = "', ClientNumber='";

    public string ChatNameSeparator => "': ";

    public GameEvent? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // Most lines are none of these: they are looked at in place, and only a match is copied out.
        var start = MessageStart(line);
        var message = line.AsSpan(start);
        if (message.StartsWith(Spawned, StringComparison.Ordinal))
        {
            return ParseSpawn(line[(start + Spawned.Length)..]);
        }

        if (message.StartsWith(Disconnected, StringComparison.Ordinal))
        {
            return PlayerFields(line[(start + Disconnected.Length)..], GameEventKind.Left);
        }

        if (message.StartsWith(ChatFrom, StringComparison.Ordinal))
        {
            return ParseChat(line[(start + ChatFrom.Length)..]);
        }

        if (message.StartsWith(Died, StringComparison.Ordinal) && message.EndsWith(DiedEnd, StringComparison.Ordinal)
            && message.Length > Died.Length + DiedEnd.Length)
        {
            return new GameEvent(GameEventKind.Died, message[Died.Length..^DiedEnd.Length].ToString());
        }

        return null;
    }

    private static GameEvent? ParseSpawn(string rest)
    {
        var reasonEnd = rest.IndexOfAny([',', ')']);
        if (reasonEnd < 0 || rest[..reasonEnd] is not ("JoinMultiplayer" or "EnterMultiplayer"))
        {
            return null;
        }

        const string entity = "): EntityID=";
        var fields = rest.IndexOf(entity, reasonEnd, StringComparison.Ordinal);
        return fields < 0 ? null : PlayerFields(rest[(fields + entity.Length)..], GameEventKind.Joined);
    }

    /// <summary>Reads <c>171, …, PlayerName='Alice'[, ClientNumber='1']</c>: the entity id and the name.</summary>
    private static GameEvent? PlayerFields(string fields, GameEventKind kind)
    {
        var idEnd = fields.IndexOf(',');
        var nameStart = fields.IndexOf(NameField, StringComparison.Ordinal);
        if (idEnd <= 0 || nameStart < idEnd)
        {
            return null;
        }

        nameStart += NameField.Length;

        // The name runs to the last field after it; a name that itself holds "', ClientNumber='" is cut at the last one.
        var nameEnd = fields.LastIndexOf(ClientNumberField, StringComparison.Ordinal);
        if (nameEnd < nameStart)
        {
            nameEnd = fields.EndsWith('\'') ? fields.Length - 1 : -1;
        }

        if (nameEnd <= nameStart)
        {
            return null;
        }

        var id = fields[..idEnd];
        return IsNumber(id) ? new GameEvent(kind, fields[nameStart..nameEnd], id) : null;
    }

    private static GameEvent? ParseChat(string rest)
    {
        // 'Steam_…', entity id '171', to 'Global'): 'Alice': text
        const string entity = "', entity id '";
        const string to = "', to '";
        const string body = "'): '";
        var entityStart = rest.IndexOf(entity, StringComparison.Ordinal);
        if (entityStart < 0)
        {
            return null;
        }

        entityStart += entity.Length;
        var toStart = rest.IndexOf(to, entityStart, StringComparison.Ordinal);
        if (toStart < 0)
        {
            return null;
        }

        var entityId = rest[entityStart..toStart];
        var channelStart = toStart + to.Length;
        var bodyStart = rest.IndexOf(body, channelStart, StringComparison.Ordinal);
        if (bodyStart < 0 || !IsNumber(entityId))
        {
            // '-1' is the server itself (from '-non-player-'), not a player.
            return null;
        }

        var channel = rest[channelStart..bodyStart];
        var nameStart = bodyStart + body.Length;
        var nameEnd = rest.IndexOf("': ", nameStart, StringComparison.Ordinal);
        if (nameEnd <= nameStart)
        {
            return null;
        }

        return new GameEvent(GameEventKind.Chat, rest[nameStart..nameEnd], entityId, rest[(nameEnd + 3)..], channel);
    }

    /// <summary>Where the message starts after the <c>date uptime LEVEL </c> prefix; 0 when the line has none.</summary>
    private static int MessageStart(string line)
    {
        var first = line.IndexOf(' ');
        if (first <= 0)
        {
            return 0;
        }

        var second = line.IndexOf(' ', first + 1);
        if (second < 0 || second + 5 > line.Length || line[second + 4] != ' ')
        {
            return 0;
        }

        return line.AsSpan(second + 1, 3) is "INF" or "WRN" or "ERR" or "LOG" ? second + 5 : 0;
    }

    private static bool IsNumber(string text) => text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit);
}
