using System.Diagnostics;
using System.Text;
using GameOps.Grains.Players;

namespace GameOps.Grains.Tests.Players;

/// <summary>
/// Every parser takes anything: random bytes and random mutations of real lines give an event or null, never an
/// exception, and quickly (a fixed seed, so a failure repeats).
/// </summary>
public sealed class GameLogParserFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly string[] RealLines =
    [
        "2024-07-21T15:44:58 26527.982 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: -3121, 91, 1078): EntityID=171, PltfmId='Steam_76561198010715714', CrossId='EOS_0002', OwnerID='Steam_76561198010715714', PlayerName='Alice', ClientNumber='1'",
        "2024-07-21T15:44:58 26527.982 INF Player disconnected: EntityID=171, PltfmId='Steam_1', CrossId='EOS_2', OwnerID='Steam_1', PlayerName='O'Brien, Jr', ClientNumber='1'",
        "2024-07-21T15:44:58 26527.982 INF Chat (from 'Steam_76561198010715714', entity id '171', to 'Global'): 'Alice': hello",
        "2021-12-27T15:14:33 127013.793 INF GMSG: Player 'ujihisa' died",
        "[12:34:56] [Server thread/INFO]: Steve joined the game",
        "[12:34:56] [Server thread/INFO]: [Not Secure] <Steve> hi",
        "[12:34:56 INFO]: Alex (formerly known as Steve) joined the game",
        "[2026-12-03 06:40:01][game]: team_join player='0:nameless tee' team=0",
        "[06:40:01][teamchat]: 2:0:3:Alice: go",
        "[06:40:01][game]: leave player='5:a: b'",
    ];

    public static TheoryData<string> Kinds => [GameLogParsers.SevenDaysKind, GameLogParsers.MinecraftKind, GameLogParsers.TeeworldsKind];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Random_bytes_and_mutated_lines_never_throw_and_finish_quickly(string kind)
    {
        var parser = GameLogParsers.For(kind)!;
        var random = new Random(20261203);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var line = i % 2 == 0 ? RandomText(random) : Mutate(RealLines[random.Next(RealLines.Length)], random);
            var parsed = parser.Parse(line);
            if (parsed is { Kind: GameEventKind.Chat })
            {
                parser.WithKnownName(parsed, Mutate(parsed.PlayerName, random));
            }
        }

        // Linear parsers take microseconds a line; a backtracking one would take seconds on some of these.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{Iterations} lines took {watch.Elapsed}");
    }

    /// <summary>
    /// The silo publishes a chat line without its server's player list when <see cref="IGameLogParser.MayNeedKnownName"/>
    /// says the list could not change it (docs/adr/0046): for any known name, including the line's name followed by the
    /// separator and a start of its text, such a line is split as it was. (Minecraft's chat lines carry no player id, so
    /// no player list ever splits them again.)
    /// </summary>
    [Theory]
    [InlineData(GameLogParsers.SevenDaysKind)]
    [InlineData(GameLogParsers.TeeworldsKind)]
    public void A_chat_line_that_needs_no_known_name_is_told_the_same_with_any(string kind)
    {
        var parser = GameLogParsers.For(kind)!;
        var random = new Random(20261205);
        var (told, needing) = (0, 0);
        for (var i = 0; i < Iterations; i++)
        {
            var line = Mutate(RealLines[random.Next(RealLines.Length)], random);
            if (parser.Parse(line) is not { Kind: GameEventKind.Chat, PlayerId: not null, Text: { } text } chat)
            {
                continue;
            }

            if (parser.MayNeedKnownName(chat))
            {
                needing++;
                continue;
            }

            told++;
            var cut = random.Next(text.Length + 1);
            foreach (var known in new[] { Mutate(chat.PlayerName, random), chat.PlayerName + parser.ChatNameSeparator + text[..cut], chat.PlayerName[..random.Next(chat.PlayerName.Length + 1)] })
            {
                Assert.Equal(chat, parser.WithKnownName(chat, known));
            }
        }

        Assert.True(told > 100, $"only {told} chat lines needed no known name");
        Assert.True(needing > 0, "no chat line needed a known name: the mutations never put the separator in a text");
    }

    [Fact]
    public void A_very_long_line_of_repeated_markers_is_read_in_linear_time()
    {
        var line = "PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1): EntityID=1, " + string.Concat(Enumerable.Repeat("PlayerName='', ClientNumber='", 20_000));
        var watch = Stopwatch.StartNew();

        foreach (var kind in new[] { GameLogParsers.SevenDaysKind, GameLogParsers.MinecraftKind, GameLogParsers.TeeworldsKind })
        {
            GameLogParsers.For(kind)!.Parse(line);
            GameLogParsers.For(kind)!.Parse("[1][chat]: " + string.Concat(Enumerable.Repeat("1:", 50_000)));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    private static string RandomText(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Mutate(string line, Random random)
    {
        var text = new StringBuilder(line);
        for (var edits = random.Next(1, 6); edits > 0; edits--)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0 when text.Length > 0:
                    text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, "'\":<>[]: ,()="[random.Next(13)]);
                    break;
                case 2:
                    text.Insert(at, line.AsSpan(random.Next(line.Length)));
                    break;
                default:
                    text.Insert(at, (char)random.Next(0, 0x3000));
                    break;
            }
        }

        return text.ToString();
    }
}
