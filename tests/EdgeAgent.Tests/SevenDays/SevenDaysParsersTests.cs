using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.SevenDays;

namespace GameOps.EdgeAgent.Tests.SevenDays;

public sealed class SevenDaysParsersTests
{
    private static string Answer(IEnumerable<string> lines) => string.Concat(lines.Select(line => line + "\n"));

    [Fact]
    public void Player_list_keeps_names_with_commas_quotes_emoji_and_the_anchor_itself()
    {
        Assert.True(SevenDaysParsers.TryParsePlayers(Answer(SevenDaysFixtures.PlayerLines), out var list, out var error), error?.ToString());

        Assert.Equal(SevenDaysFixtures.PlayerNames, list.Players.Select(player => player.Name));
    }

    [Fact]
    public void Player_fields_are_read_from_the_line()
    {
        Assert.True(SevenDaysParsers.TryParsePlayers(Answer(SevenDaysFixtures.PlayerLines), out var list, out _));

        Assert.Equal(
            new Player("Alice")
            {
                Id = "171",
                PlatformId = "Steam_76561198000000001",
                CrossPlatformId = "EOS_0002a1b2c3d4e5f60718293a4b5c6d7e",
                Ip = "203.0.113.7",
                Ping = 35,
                Score = 41,
                Level = 12,
                Health = 100,
                Deaths = 2,
                Kills = 38,
            },
            list.Players[0]);
        Assert.Equal("2001:db8::7", list.Players[2].Ip);
        Assert.Equal("XBL_2535400000000001", list.Players[2].PlatformId);
    }

    [Fact]
    public void Legacy_steamid_is_reported_as_a_steam_platform_id()
    {
        var text = SevenDaysFixtures.LegacyPlayerLine + "\nTotal of 1 in the game\n";

        Assert.True(SevenDaysParsers.TryParsePlayers(text, out var list, out var error), error?.ToString());

        var player = Assert.Single(list.Players);
        Assert.Equal("Old Timer", player.Name);
        Assert.Equal("Steam_76561197960287930", player.PlatformId);
        Assert.Null(player.CrossPlatformId);
        Assert.Equal(212, player.Kills);
    }

    [Theory]
    [InlineData("Total of 0 in the game")]
    [InlineData("Total of 0 in the game\r\n")]
    [InlineData("\nTotal of 0 in the game\n\n")]
    public void Empty_server_gives_an_empty_list(string text)
    {
        Assert.True(SevenDaysParsers.TryParsePlayers(text, out var list, out var error), error?.ToString());

        Assert.Empty(list.Players);
    }

    [Fact]
    public void Crlf_lines_are_read_like_lf_lines()
    {
        var text = string.Concat(SevenDaysFixtures.PlayerLines.Select(line => line + "\r\n"));

        Assert.True(SevenDaysParsers.TryParsePlayers(text, out var list, out _));
        Assert.Equal(SevenDaysFixtures.PlayerNames, list.Players.Select(player => player.Name));
    }

    [Fact]
    public void Player_list_without_its_total_line_is_incomplete()
    {
        Assert.False(SevenDaysParsers.TryParsePlayers(SevenDaysFixtures.PlayerLines[0], out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Missing, error.Kind);
    }

    [Fact]
    public void Total_that_disagrees_with_the_lines_is_inconsistent()
    {
        Assert.False(SevenDaysParsers.TryParsePlayers(SevenDaysFixtures.PlayerLines[0] + "\nTotal of 3 in the game", out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Inconsistent, error.Kind);
    }

    [Fact]
    public void Foreign_line_in_a_player_list_is_named_by_its_line_number()
    {
        var text = SevenDaysFixtures.PlayerLines[0] + "\nsomething else\nTotal of 1 in the game";

        Assert.False(SevenDaysParsers.TryParsePlayers(text, out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Malformed, error.Kind);
        Assert.Equal(2, error.Line);
        Assert.DoesNotContain("something", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_field_values_stay_null()
    {
        var text = "0. id=5, Zed, pos=(1, 2, 3), rot=(0, 0, 0), remote=True, health=lots, ping=, ip=not-an-ip, level=7\nTotal of 1 in the game";

        Assert.True(SevenDaysParsers.TryParsePlayers(text, out var list, out _));

        Assert.Equal(new Player("Zed") { Id = "5", Level = 7 }, Assert.Single(list.Players));
    }

    [Theory]
    [InlineData("Day 128, 11:24", 128, 11, 24)]
    [InlineData("Day 1, 07:00\r", 1, 7, 0)]
    [InlineData("Day 7, 0:05", 7, 0, 5)]
    public void Game_time_is_read(string text, int day, int hour, int minute)
    {
        Assert.True(SevenDaysParsers.TryParseGameTime(text, out var time, out var error), error?.ToString());

        Assert.Equal(new GameTime(day, hour, minute), time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Day 128")]
    [InlineData("Day 128, 24:00")]
    [InlineData("Day 128, 11:60")]
    [InlineData("Day -1, 11:24")]
    [InlineData("Day 99999999999, 11:24")]
    public void Text_that_is_not_a_game_time_is_reported_missing(string text)
    {
        Assert.False(SevenDaysParsers.TryParseGameTime(text, out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Missing, error.Kind);
    }

    [Fact]
    public void Version_and_mods_are_read()
    {
        Assert.True(SevenDaysParsers.TryParseVersion(Answer(SevenDaysFixtures.VersionLines), out var version, out var error), error?.ToString());

        Assert.Equal("V 1.0 (b333)", version.Version);
        Assert.Equal("V 1.0", version.CompatibilityVersion);
        Assert.Equal(
            [new ServerMod("TFP_CommandExtensions", "1.0.0"), new ServerMod("TFP_MapRendering", "1.0.0"), new ServerMod("TFP_WebServer", "1.0.0")],
            version.Mods);
    }

    [Fact]
    public void Version_without_a_game_version_line_is_missing()
    {
        Assert.False(SevenDaysParsers.TryParseVersion("Mod TFP_WebServer: 1.0.0\n", out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Missing, error.Kind);
    }

    [Fact]
    public void Memory_statistics_are_read()
    {
        Assert.True(SevenDaysParsers.TryParseStats(SevenDaysFixtures.MemLine + "\n", out var stats, out var error), error?.ToString());

        Assert.Equal(
            new ServerStats
            {
                UptimeSeconds = 1294.28 * 60,
                Fps = 38.92,
                HeapMegabytes = 1843.2,
                MaxHeapMegabytes = 2311.7,
                ResidentMegabytes = 6204.3,
                Players = 4,
                Zombies = 27,
                Entities = 61,
                Chunks = 4512,
                Items = 5,
            },
            stats);
    }

    [Theory]
    [InlineData("FPS: NaN Heap: InfinityMB")]
    [InlineData("Time: 5m")]
    [InlineData("no statistics here")]
    public void Text_without_statistics_is_reported_missing(string text)
    {
        Assert.False(SevenDaysParsers.TryParseStats(text, out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.Missing, error.Kind);
    }

    [Fact]
    public void Oversized_answer_is_refused_before_it_is_read()
    {
        var text = new string('x', SevenDaysParsers.MaxAnswerLength + 1);

        Assert.False(SevenDaysParsers.TryParsePlayers(text, out _, out var error));

        Assert.Equal(SevenDaysParseErrorKind.TooLarge, error.Kind);
    }
}
