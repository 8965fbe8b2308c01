using GameOps.EdgeAgent.Adapters.Results;
using GameOps.EdgeAgent.Adapters.Teeworlds;

namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

public sealed class TeeworldsStatusParserTests
{
    private static IReadOnlyList<Player> Parse(string text)
    {
        Assert.True(TeeworldsStatusParser.TryParse(text, out var players, out var error), error);
        return players.Players;
    }

    [Fact]
    public void Empty_server_has_no_players()
    {
        Assert.Empty(Parse(TeeworldsStatusFixtures.EmptyServer));
    }

    [Fact]
    public void Version_07_lines_give_id_address_name_and_score_and_skip_joining_slots()
    {
        Assert.Equal(
            [
                new Player("nameless tee") { Id = "0", Ip = "203.0.113.9", Score = 3 },
                new Player("it's a 'quote'") { Id = "1", Ip = "2001:db8::7", Score = -2 },
                new Player("Ünïcødé ✓") { Id = "15", Ip = "198.51.100.5", Score = 0 },
            ],
            Parse(TeeworldsStatusFixtures.Version07));
    }

    [Fact]
    public void Version_06_lines_are_read_the_same_way()
    {
        Assert.Equal(
            [
                new Player("old school") { Id = "0", Ip = "192.0.2.10", Score = 12 },
                new Player(string.Empty) { Id = "4", Ip = "192.0.2.11", Score = 0 },
            ],
            Parse(TeeworldsStatusFixtures.Version06));
    }

    [Fact]
    public void Lines_without_a_prefix_are_read_too()
    {
        Assert.Equal([new Player("x") { Id = "3", Ip = "10.0.0.1", Score = 1 }], Parse("id=3 addr=10.0.0.1:8303 name='x' score=1"));
    }

    [Theory]
    [InlineData("[00:00:00][server]: id=abc addr=1.2.3.4:5 name='x' score=0")]
    [InlineData("[00:00:00][server]: id=1 name='x' score=0")]
    [InlineData("[00:00:00][server]: id=1 addr=1.2.3.4:5 score=0")]
    [InlineData("[00:00:00][server]: id=1 addr=1.2.3.4:5 name='unterminated")]
    public void Malformed_status_line_is_a_typed_error(string line)
    {
        Assert.False(TeeworldsStatusParser.TryParse(line, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
