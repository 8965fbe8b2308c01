using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

namespace GameOps.EdgeAgent.Tests.SourceRcon;

public sealed class PlayerListParserTests
{
    [Fact]
    public void Tf2_status_lists_humans_with_quotes_and_commas_in_names_and_leaves_bots_out()
    {
        var players = SourceStatusParser.Parse(RconAnswerFixtures.SourceStatusTf2).Players;

        Assert.Equal(["Alice", "Bob \"the\" Builder", "Zoë, #1"], players.Select(player => player.Name));
        Assert.Equal(new Player("Alice") { Id = "2", PlatformId = "[U:1:11111111]", Ping = 40, Ip = "198.51.100.2" }, players[0]);
        Assert.Equal(80, players[2].Ping);
    }

    [Fact]
    public void Csgo_status_reads_past_the_second_number_and_the_rate_column()
    {
        var players = SourceStatusParser.Parse(RconAnswerFixtures.SourceStatusCsgo).Players;

        Assert.Equal(
            [
                new Player("Alice") { Id = "2", PlatformId = "STEAM_1:0:12345", Ping = 40, Ip = "198.51.100.2" },
                new Player("Bob") { Id = "3", PlatformId = "STEAM_1:1:67890", Ping = 55, Ip = "198.51.100.3" },
            ],
            players);
    }

    [Fact]
    public void Cs2_status_reads_the_source2_table_without_the_connecting_placeholder()
    {
        var players = SourceStatusParser.Parse(RconAnswerFixtures.SourceStatusCs2).Players;

        Assert.Equal(
            [
                new Player("Alice") { Id = "2", Ping = 27, Ip = "198.51.100.2" },
                new Player("Bob 'the' Builder") { Id = "3", Ping = 31, Ip = "198.51.100.3" },
            ],
            players);
    }

    [Fact]
    public void Status_without_player_lines_is_an_empty_list()
    {
        Assert.Empty(SourceStatusParser.Parse("hostname: Test\nplayers : 0 humans, 0 bots (16 max)\n").Players);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Unknown command \"status\"")]
    [InlineData("There are 2 of a max of 20 players online: Alice, Bob")]
    public void Answer_that_is_not_a_status_report_is_a_format_error(string answer)
    {
        var error = Assert.Throws<RconAnswerFormatException>(() => SourceStatusParser.Parse(answer));

        Assert.Contains("not a Source status report", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RconAnswerFixtures.MinecraftList)]
    [InlineData(RconAnswerFixtures.MinecraftListLegacy)]
    public void Minecraft_list_names_every_player(string answer)
    {
        Assert.Equal(["Alice", "Bob_2"], MinecraftListParser.Parse(answer).Players.Select(player => player.Name));
    }

    [Fact]
    public void Minecraft_list_uuids_keeps_each_uuid_as_the_platform_id()
    {
        var players = MinecraftListParser.Parse(RconAnswerFixtures.MinecraftListUuids).Players;

        Assert.Equal(
            [
                new Player("Alice") { PlatformId = "069a79f4-44e9-4726-a5be-fca90e38aaf5" },
                new Player("Bob_2") { PlatformId = "853c80ef-3c37-49fd-aa49-938b674adae6" },
            ],
            players);
    }

    [Fact]
    public void Minecraft_list_with_nobody_online_is_empty()
    {
        Assert.Empty(MinecraftListParser.Parse(RconAnswerFixtures.MinecraftListEmpty).Players);
    }

    [Fact]
    public void Minecraft_list_with_formatting_codes_and_plugin_groups_reads_the_names()
    {
        var players = MinecraftListParser.Parse("§6There are §c2§6 out of maximum §c20§6 players online.\n§6default§r: Alice, Bob_2\n").Players;

        Assert.Equal(["Alice", "Bob_2"], players.Select(player => player.Name));
    }

    [Theory]
    [InlineData("Unknown or incomplete command, see below for error")]
    [InlineData("There are many players online")]
    public void Minecraft_answer_without_the_list_line_is_a_format_error(string answer)
    {
        Assert.Throws<RconAnswerFormatException>(() => MinecraftListParser.Parse(answer));
    }

    [Fact]
    public void Palworld_csv_takes_uid_and_steam_id_from_the_right_so_commas_stay_in_names()
    {
        var players = PalworldShowPlayersParser.Parse(RconAnswerFixtures.PalworldShowPlayers).Players;

        Assert.Equal(
            [
                new Player("Alice") { Id = "1234567890", PlatformId = "76561198000000001" },
                new Player("Bob, the builder") { Id = "987654321", PlatformId = "76561198000000002" },
            ],
            players);
    }

    [Fact]
    public void Palworld_header_alone_is_an_empty_list_and_no_header_is_a_format_error()
    {
        Assert.Empty(PalworldShowPlayersParser.Parse("name,playeruid,steamid\n").Players);
        Assert.Throws<RconAnswerFormatException>(() => PalworldShowPlayersParser.Parse("Alice,1,2\n"));
    }

    [Fact]
    public void Ark_list_takes_the_id_after_the_last_comma()
    {
        var players = ArkListPlayersParser.Parse(RconAnswerFixtures.ArkListPlayers).Players;

        Assert.Equal(
            [
                new Player("Alice") { PlatformId = "76561198000000001" },
                new Player("Bob, Jr.") { PlatformId = "76561198000000002" },
            ],
            players);
    }

    [Fact]
    public void Ark_no_players_connected_is_an_empty_list_and_other_text_a_format_error()
    {
        Assert.Empty(ArkListPlayersParser.Parse(RconAnswerFixtures.ArkListPlayersEmpty).Players);
        Assert.Throws<RconAnswerFormatException>(() => ArkListPlayersParser.Parse(""));
    }

    [Fact]
    public void Factorio_players_online_strips_the_online_marker()
    {
        Assert.Equal(["Alice", "bob-the-builder"], FactorioPlayersParser.Parse(RconAnswerFixtures.FactorioPlayersOnline).Players.Select(player => player.Name));
        Assert.Empty(FactorioPlayersParser.Parse(RconAnswerFixtures.FactorioPlayersOnlineEmpty).Players);
        Assert.Throws<RconAnswerFormatException>(() => FactorioPlayersParser.Parse("Unknown command \"players\"."));
    }

    [Fact]
    public void Player_list_serializes_as_camel_case_json_without_nulls()
    {
        var json = GameResultJson.Serialize(MinecraftListParser.Parse(RconAnswerFixtures.MinecraftListUuids));

        Assert.Equal(
            """{"players":[{"name":"Alice","platformId":"069a79f4-44e9-4726-a5be-fca90e38aaf5"},{"name":"Bob_2","platformId":"853c80ef-3c37-49fd-aa49-938b674adae6"}]}""",
            json);
    }
}
