using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Grains.Tests;

public sealed class ConsoleBatchPartsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lines_are_cut_into_consecutive_parts_of_at_most_the_given_text_and_a_longer_line_alone()
    {
        ImmutableArray<ConsoleLine> lines = [Line(1, 4), Line(2, 4), Line(3, 4), Line(4, 30), Line(5, 1)];

        var parts = ConsoleBatchParts.Split(lines, maxChars: 10).Select(part => part.Select(line => line.Sequence).ToArray()).ToArray();

        Assert.Equal([[1ul, 2ul], [3ul], [4ul], [5ul]], parts);
    }

    [Fact]
    public void Lines_within_the_limit_stay_one_part()
    {
        ImmutableArray<ConsoleLine> lines = [Line(1, 4), Line(2, 4)];

        Assert.Equal([lines], ConsoleBatchParts.Split(lines, maxChars: 100));
    }

    private static ConsoleLine Line(ulong sequence, int chars) => new(sequence, At, new string('x', chars), false, 0);
}
