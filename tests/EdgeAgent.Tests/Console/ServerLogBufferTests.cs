using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Console;

namespace GameOps.EdgeAgent.Tests.Console;

public sealed class ServerLogBufferTests : IDisposable
{
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Overflow_drops_the_oldest_and_one_gap_marker_counts_them_ahead_of_the_rest()
    {
        using var buffer = ServerLogBuffer.InMemory("game", capacity: 10);

        AppendLines(buffer, 1, 25);

        var entries = TakeAll(buffer);
        var gap = Assert.Single(entries, entry => entry.Dropped > 0);
        Assert.Equal((15ul, 15ul), (gap.Sequence, gap.Dropped));
        Assert.Same(gap, entries[0]);
        Assert.Equal(Enumerable.Range(16, 10).Select(n => $"line {n}"), entries.Skip(1).Select(entry => entry.Text));
        Assert.Equal(Enumerable.Range(16, 10).Select(n => (ulong)n), entries.Skip(1).Select(entry => entry.Sequence));
    }

    [Fact]
    public void Overflow_after_the_gap_marker_was_sent_grows_it_and_a_new_stream_resends_it_with_every_line_dropped_since_the_last_ack()
    {
        using var buffer = ServerLogBuffer.InMemory("game", capacity: 3);
        AppendLines(buffer, 1, 5);
        Assert.Equal("2 dropped 2", Describe(TakeAll(buffer)[0]));

        AppendLines(buffer, 6, 6);

        Assert.Equal(["6 line 6"], TakeAll(buffer).Select(Describe));
        Assert.Equal(["3 dropped 3", "4 line 4", "5 line 5", "6 line 6"], TakeAll(buffer, rewind: true).Select(Describe));
    }

    [Fact]
    public void Acknowledged_lines_are_forgotten_and_a_new_stream_resends_only_the_rest()
    {
        using var buffer = ServerLogBuffer.InMemory("game", capacity: 100);
        AppendLines(buffer, 1, 10);
        Assert.Equal(10, TakeAll(buffer).Count);

        Assert.True(buffer.Acknowledge(6));
        buffer.Rewind();

        Assert.Equal([7ul, 8ul, 9ul, 10ul], TakeAll(buffer).Select(entry => entry.Sequence));
        Assert.Equal(4, buffer.Count);
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(11ul)]
    public void Acknowledgement_of_a_number_not_yet_given_or_already_acknowledged_is_ignored(ulong sequence)
    {
        using var buffer = ServerLogBuffer.InMemory("game", capacity: 100);
        AppendLines(buffer, 1, 10);

        Assert.False(buffer.Acknowledge(sequence));
        Assert.Equal(10, buffer.Count);
    }

    [Fact]
    public void A_batch_holds_at_most_the_entries_asked_for_and_the_next_continues_after_it()
    {
        using var buffer = ServerLogBuffer.InMemory("game", capacity: 100);
        AppendLines(buffer, 1, 10);

        Assert.True(buffer.TryTake(4, int.MaxValue, out var first));
        Assert.True(buffer.TryTake(4, int.MaxValue, out var second));

        Assert.Equal([1ul, 2ul, 3ul, 4ul], first.Entries.Select(entry => entry.Sequence));
        Assert.Equal([5ul, 6ul, 7ul, 8ul], second.Entries.Select(entry => entry.Sequence));
        Assert.Equal(2, buffer.Unsent);
    }

    [Fact]
    public void After_a_restart_the_numbering_continues_and_unacknowledged_lines_and_the_gap_are_sent_again()
    {
        var path = _temp.Combine("console", "game.buffer");
        using (var buffer = ServerLogBuffer.Open("game", capacity: 5, path))
        {
            AppendLines(buffer, 1, 8);
            TakeAll(buffer);
            buffer.Acknowledge(5);
        }

        using var reopened = ServerLogBuffer.Open("game", capacity: 5, path);
        AppendLines(reopened, 9, 9);

        Assert.Equal(
            ["6 line 6", "7 line 7", "8 line 8", "9 line 9"],
            TakeAll(reopened).Select(entry => $"{entry.Sequence} {entry.Text}"));
        Assert.Equal(10ul, reopened.NextSequence);
    }

    [Fact]
    public void A_gap_not_yet_acknowledged_survives_a_restart()
    {
        var path = _temp.Combine("game.buffer");
        using (var buffer = ServerLogBuffer.Open("game", capacity: 2, path))
        {
            AppendLines(buffer, 1, 6);
        }

        using var reopened = ServerLogBuffer.Open("game", capacity: 2, path);

        Assert.Equal(["4 dropped 4", "5 line 5", "6 line 6"], TakeAll(reopened).Select(Describe));
    }

    [Fact]
    public void A_record_cut_short_by_a_crash_is_ignored_and_its_number_given_again()
    {
        var path = _temp.Combine("game.buffer");
        using (var buffer = ServerLogBuffer.Open("game", capacity: 100, path))
        {
            AppendLines(buffer, 1, 2);
            TakeAll(buffer);
        }

        File.AppendAllText(path, "L\t3\t1700000000000\t0\t\tline thr");

        using var reopened = ServerLogBuffer.Open("game", capacity: 100, path);
        Assert.Equal(3ul, reopened.NextSequence);
        Assert.Equal(["1 line 1", "2 line 2"], TakeAll(reopened).Select(Describe));
    }

    [Fact]
    public void Lines_with_tabs_and_the_tail_offset_are_read_back()
    {
        var path = _temp.Combine("game.buffer");
        using (var buffer = ServerLogBuffer.Open("game", capacity: 100, path))
        {
            buffer.Append("a\tb\tc 🧟", cut: false, ReadAt, offsetAfter: 42);
            TakeAll(buffer);
        }

        using var reopened = ServerLogBuffer.Open("game", capacity: 100, path);

        Assert.Equal("a\tb\tc 🧟", Assert.Single(TakeAll(reopened)).Text);
        Assert.Equal(42, reopened.TailOffset);
    }

    [Fact]
    public void The_file_is_rewritten_once_acknowledged_records_outgrow_the_rest()
    {
        var path = _temp.Combine("game.buffer");
        using var buffer = ServerLogBuffer.Open("game", capacity: 10, path);
        for (var n = 1; n <= 3000; n++)
        {
            AppendLines(buffer, n, n);
            TakeAll(buffer);
            buffer.Acknowledge((ulong)n);
        }

        Assert.True(File.ReadAllLines(path).Length < 2 * ((3 * 10) + 1024));
        buffer.Dispose();
        using var reopened = ServerLogBuffer.Open("game", capacity: 10, path);
        Assert.Equal(3001ul, reopened.NextSequence);
        Assert.Equal(0, reopened.Count);
    }

    private static void AppendLines(ServerLogBuffer buffer, int from, int to)
    {
        for (var n = from; n <= to; n++)
        {
            buffer.Append($"line {n}", cut: false, ReadAt);
        }
    }

    private static List<LogEntry> TakeAll(ServerLogBuffer buffer, bool rewind = false)
    {
        if (rewind)
        {
            buffer.Rewind();
        }

        var entries = new List<LogEntry>();
        while (buffer.TryTake(1000, int.MaxValue, out var batch))
        {
            entries.AddRange(batch.Entries);
        }

        return entries;
    }

    private static string Describe(LogEntry entry) => entry.Dropped > 0 ? $"{entry.Sequence} dropped {entry.Dropped}" : $"{entry.Sequence} {entry.Text}";
}
