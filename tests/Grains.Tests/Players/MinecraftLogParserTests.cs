using GameOps.Grains.Players;

namespace GameOps.Grains.Tests.Players;

/// <summary>Minecraft server log lines, with the vanilla and Paper prefixes and without one, read into player events.</summary>
public sealed class MinecraftLogParserTests
{
    private static GameEvent? Parse(string line) => MinecraftLogParser.Instance.Parse(line);

    [Theory]
    [InlineData("[12:34:56] [Server thread/INFO]: ")]
    [InlineData("[12:34:56 INFO]: ")]
    [InlineData("")]
    public void Join_leave_and_chat_are_read_with_any_prefix(string prefix)
    {
        Assert.Equal(new GameEvent(GameEventKind.Joined, "Steve_01"), Parse($"{prefix}Steve_01 joined the game"));
        Assert.Equal(new GameEvent(GameEventKind.Left, "Steve_01"), Parse($"{prefix}Steve_01 left the game"));
        Assert.Equal(new GameEvent(GameEventKind.Chat, "Steve_01", Text: "hi <all> joined the game"), Parse($"{prefix}<Steve_01> hi <all> joined the game"));
    }

    [Fact]
    public void An_unsigned_chat_message_is_chat() =>
        Assert.Equal(
            new GameEvent(GameEventKind.Chat, "Alex", Text: "hello"),
            Parse("[08:00:01] [Server thread/INFO]: [Not Secure] <Alex> hello"));

    [Fact]
    public void A_renamed_player_joins_under_the_new_name() =>
        Assert.Equal(new GameEvent(GameEventKind.Joined, "Alex"), Parse("[08:00:01] [Server thread/INFO]: Alex (formerly known as Steve) joined the game"));

    [Fact]
    public void Unicode_names_of_offline_mode_servers_are_kept() =>
        Assert.Equal("Ärger_玩家", Parse("[08:00:01] [Server thread/INFO]: Ärger_玩家 joined the game")?.PlayerName);

    [Theory]
    [InlineData("[08:00:01] [Server thread/INFO]: [Server] Steve joined the game")]
    [InlineData("[08:00:01] [Server thread/INFO]: Steve[/127.0.0.1:51234] logged in with entity id 123 at (0.5, 64.0, 0.5)")]
    [InlineData("[08:00:01] [Server thread/INFO]: Steve lost connection: Disconnected")]
    [InlineData("[08:00:01] [Server thread/INFO]:  joined the game")]
    [InlineData("[08:00:01] [Server thread/WARN]: Can't keep up! Is the server overloaded?")]
    [InlineData("<> nothing")]
    public void Lines_that_are_not_player_events_give_none(string line) => Assert.Null(Parse(line));
}
