using GameOps.Grains.Players;

namespace GameOps.Grains.Tests.Players;

/// <summary>Teeworlds 0.7.5 console lines, as <c>CConsole::Print</c> formats them, read into player events.</summary>
public sealed class TeeworldsLogParserTests
{
    private static GameEvent? Parse(string line) => TeeworldsLogParser.Instance.Parse(line);

    [Fact]
    public void Team_join_is_a_join_and_leave_a_leave()
    {
        Assert.Equal(new GameEvent(GameEventKind.Joined, "nameless tee", "0"), Parse("[2026-12-03 06:40:01][game]: team_join player='0:nameless tee' team=0"));
        Assert.Equal(new GameEvent(GameEventKind.Left, "nameless tee", "0"), Parse("[2026-12-03 06:41:01][game]: leave player='0:nameless tee'"));
    }

    [Fact]
    public void A_team_change_is_not_a_join() =>
        Assert.Null(Parse("[2026-12-03 06:40:01][game]: team_join player='0:Alice' team=0->1"));

    [Fact]
    public void Chat_and_team_chat_give_the_client_id_and_the_text()
    {
        Assert.Equal(new GameEvent(GameEventKind.Chat, "Alice", "3", "gg: wp", "all"), Parse("[06:40:01][chat]: 1:3:Alice: gg: wp"));
        Assert.Equal(new GameEvent(GameEventKind.Chat, "Alice", "3", "go", "team"), Parse("[06:40:01][teamchat]: 2:0:3:Alice: go"));
    }

    [Theory]
    [InlineData("O'Neil")]
    [InlineData("a: b")]
    [InlineData("Ünï, 玩家")]
    public void Names_are_read_exactly_as_printed(string name)
    {
        Assert.Equal(name, Parse($"[06:40:01][game]: team_join player='5:{name}' team=1")?.PlayerName);
        Assert.Equal(name, Parse($"[06:40:01][game]: leave player='5:{name}'")?.PlayerName);
    }

    [Theory]
    [InlineData("[06:40:01][chat]: *** 'Alice' entered and joined the game")]
    [InlineData("[06:40:01][server]: player has entered the game. ClientID=0 addr=127.0.0.1:8303")]
    [InlineData("[06:40:01][server]: client dropped. cid=0 addr=127.0.0.1:8303 reason=''")]
    [InlineData("team_join player='0:Alice' team=0")]
    [InlineData("[06:40:01][game]: leave player='x:Alice'")]
    [InlineData("[06:40:01][game]: leave player='")]
    public void Lines_that_are_not_player_events_give_none(string line) => Assert.Null(Parse(line));
}
