using GameOps.Grains.ServerConsole;

namespace GameOps.Grains.Tests;

public sealed class ConsoleRingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_ring_keeps_the_newest_lines_in_order()
    {
        var ring = new ConsoleRing(3);

        ring.Add(Enumerable.Range(1, 7).Select(Line));

        Assert.Equal([5ul, 6ul, 7ul], ring.After(0).Select(line => line.Sequence));
        Assert.Equal(5ul, ring.FirstSequence);
    }

    [Theory]
    [InlineData(0ul, new ulong[] { 2, 4, 6 })]
    [InlineData(2ul, new ulong[] { 4, 6 })]
    [InlineData(3ul, new ulong[] { 4, 6 })]
    [InlineData(6ul, new ulong[0])]
    public void After_finds_the_lines_numbered_above_even_across_a_jump(ulong after, ulong[] expected)
    {
        var ring = new ConsoleRing(4);

        ring.Add([Line(2), Line(4), Line(6)]);

        Assert.Equal(expected, ring.After(after).Select(line => line.Sequence));
    }

    private static ConsoleLine Line(int n) => new((ulong)n, At, $"line {n}", false, 0);
}
