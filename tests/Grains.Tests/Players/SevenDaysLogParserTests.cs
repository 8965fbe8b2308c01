using GameOps.Grains.Players;

namespace GameOps.Grains.Tests.Players;

/// <summary>7 Days to Die log lines, as public server logs print them, read into player events.</summary>
public sealed class SevenDaysLogParserTests
{
    private const string Prefix = "2024-07-21T15:44:58 26527.982 INF ";
    private const string Ids = "PltfmId='Steam_76561198010715714', CrossId='EOS_0002b5d970954287afdcb5dc35af0424', OwnerID='Steam_76561198010715714'";

    private static GameEvent? Parse(string line) => SevenDaysLogParser.Instance.Parse(line);

    [Theory]
    [InlineData("JoinMultiplayer")]
    [InlineData("EnterMultiplayer")]
    public void A_multiplayer_spawn_is_a_join_with_the_entity_id(string reason)
    {
        var line = $"{Prefix}PlayerSpawnedInWorld (reason: {reason}, position: -3121, 91, 1078): EntityID=171, {Ids}, PlayerName='Alice', ClientNumber='1'";

        Assert.Equal(new GameEvent(GameEventKind.Joined, "Alice", "171"), Parse(line));
    }

    [Fact]
    public void An_older_spawn_line_ending_at_the_name_is_a_join()
    {
        // A16, from public server logs: PlayerID instead of PltfmId, no ClientNumber.
        var line = "2017-08-06T12:15:24 20963.531 INF PlayerSpawnedInWorld (reason: JoinMultiplayer, position: -3121, 91, 1078): EntityID=171, PlayerID='76561197976155858', OwnerID='76561197976155858', PlayerName='Halp'";

        Assert.Equal(new GameEvent(GameEventKind.Joined, "Halp", "171"), Parse(line));
    }

    [Theory]
    [InlineData("Teleport")]
    [InlineData("Died")]
    [InlineData("NewGame")]
    public void Other_spawns_are_not_joins(string reason) =>
        Assert.Null(Parse($"{Prefix}PlayerSpawnedInWorld (reason: {reason}, position: 1, 2, 3): EntityID=171, {Ids}, PlayerName='Alice', ClientNumber='1'"));

    [Theory]
    [InlineData("Ünïcødé 玩家")]
    [InlineData("O'Brien")]
    [InlineData("Smith, John")]
    [InlineData("a', ClientNumber='x")]
    [InlineData("'quoted'")]
    public void Names_are_read_exactly_as_printed(string name)
    {
        var join = Parse($"{Prefix}PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 1, 2, 3): EntityID=171, {Ids}, PlayerName='{name}', ClientNumber='1'");
        var leave = Parse($"{Prefix}Player disconnected: EntityID=171, {Ids}, PlayerName='{name}', ClientNumber='1'");
        var died = Parse($"{Prefix}GMSG: Player '{name}' died");

        Assert.Equal((name, name, name), (join?.PlayerName, leave?.PlayerName, died?.PlayerName));
    }

    [Fact]
    public void A_disconnect_is_a_leave()
    {
        Assert.Equal(
            new GameEvent(GameEventKind.Left, "Alice", "171"),
            Parse($"{Prefix}Player disconnected: EntityID=171, {Ids}, PlayerName='Alice', ClientNumber='1'"));
    }

    [Fact]
    public void A_chat_line_gives_name_text_channel_and_entity_id()
    {
        var chat = Parse($"{Prefix}Chat (from 'Steam_76561198010715714', entity id '171', to 'Global'): 'Alice': hello: it's me");

        Assert.Equal(new GameEvent(GameEventKind.Chat, "Alice", "171", "hello: it's me", "Global"), chat);
        Assert.False(((IGameLogParser)SevenDaysLogParser.Instance).MayNeedKnownName(chat!));
    }

    [Fact]
    public void A_name_holding_the_separator_is_split_right_with_the_known_name()
    {
        var chat = Parse($"{Prefix}Chat (from 'Steam_1', entity id '171', to 'Party'): 'Al': ice': hi")!;

        var resolved = ((IGameLogParser)SevenDaysLogParser.Instance).WithKnownName(chat, "Al': ice");

        Assert.True(((IGameLogParser)SevenDaysLogParser.Instance).MayNeedKnownName(chat));
        Assert.Equal(("Al': ice", "hi"), (resolved.PlayerName, resolved.Text));
    }

    [Theory]
    [InlineData("Chat handled by mod 'CSMM Patrons': Chat (from 'Steam_76561198028175941', entity id '171', to 'Global'): 'Catalysm': /ping")]
    [InlineData("Chat (from '-non-player-', entity id '-1', to 'Global'): 'Server': test")]
    [InlineData("GMSG: Player 'Alice' joined the game")]
    [InlineData("GMSG: Player 'Alice' left the game")]
    [InlineData("Time: 45.02m FPS: 35.31 Heap: 1234.5MB Max: 1500.0MB Chunks: 120 CGO: 12 Ply: 1 Zom: 3 Ent: 5 (20) Items: 0 CO: 1 RSS: 3000.0MB")]
    [InlineData("Chat (from 'Steam_1', entity id '171', to 'Global'): 'Bob': PlayerSpawnedInWorld (reason: JoinMultiplayer, position: 0): EntityID=1, PlayerName='Fake'")]
    [InlineData("")]
    public void Lines_that_are_not_player_events_give_none(string message)
    {
        var parsed = Parse(Prefix + message);

        Assert.True(parsed is null || (parsed.Kind == GameEventKind.Chat && parsed.PlayerName == "Bob"), $"{parsed}");
    }

    [Fact]
    public void A_line_without_the_log_prefix_is_read_as_the_telnet_console_prints_it() =>
        Assert.Equal(new GameEvent(GameEventKind.Died, "Alice"), Parse("GMSG: Player 'Alice' died"));
}
