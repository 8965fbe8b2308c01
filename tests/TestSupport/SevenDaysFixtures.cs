namespace GameOps.TestSupport;

/// <summary>
/// Answers of the 7 Days to Die telnet console, in the shapes the community documentation describes: the
/// 7 Days to Die wiki's "Command Console" page (7daystodie.fandom.com/wiki/Command_Console), Alloc's server-fixes
/// wiki (7dtd.illy.bz/wiki/Console Commands, which also says the telnet console is "a raw text interface" rather
/// than a Telnet server) and commands.gg/7dtd (listplayers, gettime, ban). The values are made up; the field names,
/// their order and the separators are as documented: <c>lp</c> prints <c>N. id=…, name, pos=(…), rot=(…),
/// remote=…, health=…, deaths=…, zombies=…, players=…, score=…, level=…, pltfmid=…, crossid=…, ip=…, ping=…</c>
/// (builds before 1.0: <c>steamid=</c> and no <c>crossid</c>) and ends with <c>Total of N in the game</c>.
/// </summary>
public static class SevenDaysFixtures
{
    public const string NameWithComma = "Bob, the Builder";
    public const string NameWithQuotesAndEmoji = "\"Doc\" O'Brien 🧟‍♂️ Ünïcødé";

    /// <summary>A name that repeats the anchor the parser reads the name up to.</summary>
    public const string NameWithAnchor = "x, pos=(1, 2, 3), y";

    public static readonly string[] PlayerNames = ["Alice", NameWithComma, NameWithQuotesAndEmoji, NameWithAnchor];

    /// <summary>The <c>lp</c> output lines for <see cref="PlayerNames"/> (modern builds, pltfmid and crossid).</summary>
    public static IReadOnlyList<string> PlayerLines { get; } =
    [
        "0. id=171, Alice, pos=(-1234.5, 61.1, 456.7), rot=(0.0, 45.3, 0.0), remote=True, health=100, deaths=2, zombies=37, players=1, score=41, level=12, pltfmid=Steam_76561198000000001, crossid=EOS_0002a1b2c3d4e5f60718293a4b5c6d7e, ip=203.0.113.7, ping=35",
        $"1. id=172, {NameWithComma}, pos=(10.0, 62.0, -20.5), rot=(-5.6, 180.0, 0.0), remote=True, health=57, deaths=0, zombies=3, players=0, score=3, level=2, pltfmid=Steam_76561198000000002, crossid=EOS_0002ffeeddccbbaa0099887766554433, ip=198.51.100.23, ping=120",
        $"2. id=190, {NameWithQuotesAndEmoji}, pos=(0.0, 0.0, 0.0), rot=(0.0, 0.0, 0.0), remote=True, health=0, deaths=9, zombies=0, players=0, score=0, level=1, pltfmid=XBL_2535400000000001, crossid=EOS_00020123456789abcdef0123456789ab, ip=2001:db8::7, ping=0",
        $"3. id=205, {NameWithAnchor}, pos=(1.0, 2.0, 3.0), rot=(4.0, 5.0, 6.0), remote=True, health=88, deaths=1, zombies=5, players=0, score=5, level=3, pltfmid=Steam_76561198000000004, crossid=EOS_0002000000000000000000000000000a, ip=192.0.2.44, ping=48",
        "Total of 4 in the game",
    ];

    /// <summary>An <c>lp</c> line of a build before 1.0 (A19–A20): <c>steamid=</c>, no <c>pltfmid</c> or <c>crossid</c>.</summary>
    public const string LegacyPlayerLine =
        "0. id=546, Old Timer, pos=(100.5, 44.0, -300.2), rot=(0.0, 90.0, 0.0), remote=True, health=90, deaths=4, zombies=210, players=2, score=180, level=45, steamid=76561197960287930, ip=192.0.2.10, ping=60";

    public const string NoPlayers = "Total of 0 in the game";

    /// <summary><c>gt</c>: the day and the time of day.</summary>
    public const string GameTime = "Day 128, 11:24";

    /// <summary><c>version</c>: the game's version, then one line per loaded mod.</summary>
    public static IReadOnlyList<string> VersionLines { get; } =
    [
        "Game version: V 1.0 (b333) Compatibility Version: V 1.0",
        "Mod TFP_CommandExtensions: 1.0.0",
        "Mod TFP_MapRendering: 1.0.0",
        "Mod TFP_WebServer: 1.0.0",
    ];

    /// <summary><c>mem</c>: the statistics line, the same the server also writes to its log now and then.</summary>
    public const string MemLine =
        "Time: 1294.28m FPS: 38.92 Heap: 1843.2MB Max: 2311.7MB Chunks: 4512 CGO: 48 Ply: 4 Zom: 27 Ent: 61 (212) Items: 5 CO: 4 RSS: 6204.3MB";

    /// <summary>A one-line answer the tests give <c>saveworld</c>.</summary>
    public const string WorldSaved = "World saved";
}
