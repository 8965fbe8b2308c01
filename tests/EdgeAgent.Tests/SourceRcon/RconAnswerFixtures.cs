namespace GameOps.EdgeAgent.Tests.SourceRcon;

/// <summary>
/// Console answers of each game, as the cited documents show them. None is a capture from a running server: each is
/// written from the layout its source documents, with names chosen to exercise the parsers (quotes, commas, Unicode).
/// </summary>
public static class RconAnswerFixtures
{
    /// <summary>
    /// TF2's <c>status</c> (Source 1): the field lines, then <c># userid name uniqueid connected ping loss state adr</c>,
    /// layout per https://developer.valvesoftware.com/wiki/Status. TF2 prints no rate column; a bot has uniqueid BOT.
    /// </summary>
    public const string SourceStatusTf2 =
        "hostname: GameOps TF2\n" +
        "version : 8622567/24 8622567 secure\n" +
        "udp/ip  : 0.0.0.0:27015  (public ip: 203.0.113.7)\n" +
        "map     : ctf_2fort at: 0 x, 0 y, 0 z\n" +
        "players : 3 humans, 1 bots (24 max)\n" +
        "\n" +
        "# userid name                uniqueid            connected ping loss state  adr\n" +
        "#      2 \"Alice\"             [U:1:11111111]      05:12       40    0 active 198.51.100.2:27005\n" +
        "#      3 \"Bob \"the\" Builder\" [U:1:22222222]      1:02:03     55    0 active 198.51.100.3:27005\n" +
        "#      4 \"Zoë, #1\"           [U:1:33333333]      00:41       80    2 spawning 198.51.100.4:27005\n" +
        "#      5 \"Bot01\"             BOT                                     active\n";

    /// <summary>CS:GO's <c>status</c>: a second number after the user id and a rate column (same Valve page's header).</summary>
    public const string SourceStatusCsgo =
        "hostname: GameOps CS:GO\n" +
        "players : 2 humans, 0 bots (20/0 max) (not hibernating)\n" +
        "\n" +
        "# userid name uniqueid connected ping loss state rate adr\n" +
        "#  2 1 \"Alice\" STEAM_1:0:12345 05:12 40 0 active 786432 198.51.100.2:27005\n" +
        "#  3 2 \"Bob\" STEAM_1:1:67890 01:02 55 0 active 196608 198.51.100.3:27005\n" +
        "#end\n";

    /// <summary>
    /// CS2's <c>status</c> (Source 2): a <c>---------players--------</c> line, columns
    /// <c>id time ping loss state rate adr name</c>, names in single quotes, a 65535 placeholder for a client still
    /// connecting. Layout as CS2 prints it; reconstructed, not captured.
    /// </summary>
    public const string SourceStatusCs2 =
        "Server:  Running [0.0.0.0:27015]\n" +
        "hostname : GameOps CS2\n" +
        "players  : 2 humans, 0 bots (0 max) (not hibernating) (unreserved)\n" +
        "---------players--------\n" +
        "  id     time ping loss      state   rate adr name\n" +
        "65535 [NoChan]    0    0 challenging      0unknown ''\n" +
        "    2    01:43   27    0     active 786432 198.51.100.2:27005 'Alice'\n" +
        "    3    00:12   31    0     active 786432 198.51.100.3:27005 'Bob 'the' Builder'\n" +
        "#end\n";

    /// <summary>Minecraft Java 1.13+ <c>list</c> (https://minecraft.wiki/w/Commands/list): "There are %s of a max of %s players online: %s".</summary>
    public const string MinecraftList = "There are 2 of a max of 20 players online: Alice, Bob_2";

    /// <summary>The same with <c>list uuids</c>: each name followed by its UUID in parentheses (same page).</summary>
    public const string MinecraftListUuids =
        "There are 2 of a max of 20 players online: Alice (069a79f4-44e9-4726-a5be-fca90e38aaf5), Bob_2 (853c80ef-3c37-49fd-aa49-938b674adae6)";

    /// <summary>No one online: the list after the colon is empty.</summary>
    public const string MinecraftListEmpty = "There are 0 of a max of 20 players online: ";

    /// <summary>Servers before 1.13 (same page, history): "There are 2/20 players online:" and the names on the next line.</summary>
    public const string MinecraftListLegacy = "There are 2/20 players online:\nAlice, Bob_2\n";

    /// <summary>
    /// Palworld <c>ShowPlayers</c> (https://docs.palworldgame.com/settings-and-operation/commands): unquoted CSV with the
    /// header <c>name,playeruid,steamid</c>; a name with a comma in it stays unquoted.
    /// </summary>
    public const string PalworldShowPlayers =
        "name,playeruid,steamid\n" +
        "Alice,1234567890,76561198000000001\n" +
        "Bob, the builder,987654321,76561198000000002\n";

    /// <summary>
    /// ARK <c>ListPlayers</c> (https://ark.wiki.gg/wiki/Console_commands#ListPlayers): "0. Name, SteamID" per line. ARK ends
    /// its answers with " \n " as its "Server received, But no response!! \n " answer shows.
    /// </summary>
    public const string ArkListPlayers = "\n0. Alice, 76561198000000001\n1. Bob, Jr., 76561198000000002 \n ";

    /// <summary>ARK <c>ListPlayers</c> with no one online (same page).</summary>
    public const string ArkListPlayersEmpty = "No Players Connected \n ";

    /// <summary>Factorio <c>/players online</c> (https://wiki.factorio.com/Console#Multiplayer_commands).</summary>
    public const string FactorioPlayersOnline = "Online players (2):\n  Alice (online)\n  bob-the-builder (online)\n";

    /// <summary>Factorio with no one online.</summary>
    public const string FactorioPlayersOnlineEmpty = "Online players (0):\n";
}
