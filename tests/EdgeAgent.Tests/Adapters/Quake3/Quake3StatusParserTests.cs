using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

public sealed class Quake3StatusParserTests
{
    private static IReadOnlyList<Player> Parse(string text)
    {
        Assert.True(Quake3StatusParser.TryParse(text, out var players, out var error), error);
        return players.Players;
    }

    [Fact]
    public void Empty_server_has_no_players()
    {
        Assert.Empty(Parse(Quake3StatusFixtures.OpenArenaEmpty));
    }

    [Fact]
    public void Ioquake3_rows_give_slot_score_ping_and_names_without_colours()
    {
        var players = Parse(Quake3StatusFixtures.OpenArenaBots);

        Assert.Equal(
            [
                new Player("Angelyss") { Id = "0", Score = 0, Ping = 0 },
                new Player("My Bot Name") { Id = "1", Score = 3, Ping = 0 },
                new Player("A Long Named Bot Here") { Id = "2", Score = -1, Ping = 0 },
            ],
            players);
    }

    [Fact]
    public void Classic_rows_keep_inner_spaces_and_read_addresses_and_connecting_clients()
    {
        var players = Parse(Quake3StatusFixtures.Quake3Classic);

        Assert.Equal(
            [
                new Player("Big  Gun") { Id = "0", Score = 12, Ping = 48, Ip = "203.0.113.7" },
                new Player("Newcomer") { Id = "3", Score = 0, Ping = null, Ip = "198.51.100.23" },
                new Player("LeftAlready") { Id = "5", Score = -2, Ping = null, Ip = "2001:db8::5" },
            ],
            players);
    }

    [Fact]
    public void Call_of_duty_guid_becomes_the_platform_id()
    {
        var players = Parse(Quake3StatusFixtures.CallOfDuty4);

        Assert.Equal(
            [
                new Player("Sgt. Pepper") { Id = "0", Score = 25, Ping = 61, PlatformId = "0123456789abcdef0123456789abcdef", Ip = "192.0.2.44" },
                new Player("bot0") { Id = "1", Score = 0, Ping = 999, PlatformId = "bot0" },
            ],
            players);
    }

    [Fact]
    public void Output_after_the_table_is_not_read_as_players()
    {
        var players = Parse(Quake3StatusFixtures.OpenArenaBots.TrimEnd('\n') + "\nbroadcast: print \"hello\"\n12 is a number\n");

        Assert.Equal(3, players.Count);
    }

    [Fact]
    public void Answer_without_a_table_is_a_typed_error()
    {
        Assert.False(Quake3StatusParser.TryParse("Unknown command \"status\"\n", out _, out var error));

        Assert.Contains("no status table", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_with_fewer_cells_than_the_header_is_a_typed_error()
    {
        var text = "cl score ping name address rate\n-- ----- ---- ---- ------- ----\n 0 5 bot\n";

        Assert.False(Quake3StatusParser.TryParse(text, out _, out var error));
        Assert.Contains("row 1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("^1Red^7", "Red")]
    [InlineData("no codes", "no codes")]
    [InlineData("caret^ alone", "caret^ alone")]
    [InlineData("^^1x", "^x")]
    [InlineData("end^", "end^")]
    public void Colour_escapes_are_a_caret_and_a_letter_or_digit(string text, string plain)
    {
        Assert.Equal(plain, Quake3ColorCodes.Strip(text));
    }
}
