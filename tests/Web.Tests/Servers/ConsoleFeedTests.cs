using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Web.Servers;
using static GameOps.Web.Tests.Shell.FakeServerConsole;

namespace GameOps.Web.Tests.Servers;

public sealed class ConsoleFeedTests
{
    [Fact]
    public void Live_lines_that_came_during_the_first_read_are_shown_once_after_it()
    {
        var feed = new ConsoleFeed();
        var after = feed.BeginCatchUp();

        // Lines 3 and 4 were stored while the held lines (1 to 3) were being read.
        Assert.False(feed.Receive([Line(3), Line(4)]));
        var again = feed.EndCatchUp(Backlog([Line(1), Line(2), Line(3)], last: 3), after);

        Assert.False(again);
        Assert.Equal([1UL, 2, 3, 4], feed.Entries.Select(e => e.Sequence));
        Assert.Equal(4UL, feed.Shown);
    }

    [Fact]
    public void A_live_batch_that_would_leave_a_hole_asks_for_a_catch_up_from_the_last_number_shown()
    {
        var feed = Loaded(Line(1), Line(2));

        // The batch holding 3 was lost on the way; 4 and 5 arrive.
        Assert.True(feed.Receive([Line(4), Line(5)]));
        var after = feed.BeginCatchUp();
        Assert.False(feed.EndCatchUp(Backlog([Line(3), Line(4), Line(5)], last: 5), after));

        Assert.Equal(2UL, after);
        Assert.Equal([1UL, 2, 3, 4, 5], feed.Entries.Select(e => e.Sequence));
    }

    [Fact]
    public void A_gap_marker_is_its_own_row_and_leaves_no_hole()
    {
        var feed = Loaded(Line(1), Line(2));

        // Lines 3 to 7 were dropped by the agent: the marker numbered 7 stands for them.
        Assert.False(feed.Receive([Gap(7, dropped: 5), Line(8)]));

        Assert.Equal([ConsoleEntryKind.Line, ConsoleEntryKind.Line, ConsoleEntryKind.Gap, ConsoleEntryKind.Line], feed.Entries.Select(e => e.Kind));
        Assert.Equal(5UL, feed.Entries[2].Count);
        Assert.Equal(8UL, feed.Shown);
    }

    [Fact]
    public void Lines_no_longer_held_when_resuming_are_shown_as_missed()
    {
        var feed = Loaded(Line(1));
        Assert.True(feed.Interrupted());

        var after = feed.BeginCatchUp();
        feed.EndCatchUp(Backlog([Line(7), Line(8)], last: 8, missed: 5), after);

        Assert.Equal([ConsoleEntryKind.Line, ConsoleEntryKind.Missed, ConsoleEntryKind.Line, ConsoleEntryKind.Line], feed.Entries.Select(e => e.Kind));
        Assert.Equal(5UL, feed.Entries[1].Count);
    }

    [Fact]
    public void Batches_dropped_during_a_catch_up_ask_for_another()
    {
        var feed = Loaded(Line(1));
        Assert.True(feed.Interrupted());
        var after = feed.BeginCatchUp();

        Assert.False(feed.Interrupted());
        Assert.True(feed.EndCatchUp(Backlog([Line(2)], last: 2), after));
        Assert.Equal(2UL, feed.BeginCatchUp());
    }

    [Fact]
    public void The_oldest_entries_go_beyond_the_capacity()
    {
        var feed = new ConsoleFeed(capacity: 3);
        feed.EndCatchUp(Backlog([Line(1), Line(2), Line(3), Line(4)], last: 4), feed.BeginCatchUp());

        Assert.Equal([2UL, 3, 4], feed.Entries.Select(e => e.Sequence));
    }

    private static ConsoleFeed Loaded(params ConsoleLine[] lines)
    {
        var feed = new ConsoleFeed();
        feed.EndCatchUp(Backlog([.. lines], last: lines[^1].Sequence), feed.BeginCatchUp());
        return feed;
    }

    private static ConsoleBacklog Backlog(ImmutableArray<ConsoleLine> lines, ulong last, ulong missed = 0) => new(lines, last, missed);
}
