using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;

namespace GameOps.Grains.Tests;

/// <summary>A server's console lines: each number stored once however often the agent resends it, and held for viewers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServerConsoleGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Resent_lines_are_stored_once_and_the_highest_number_is_acknowledged()
    {
        var console = NewConsole();

        Assert.Equal(3ul, await console.AppendAsync("org", "test-kind", Lines(1, 3)));
        Assert.Equal(5ul, await console.AppendAsync("org", "test-kind", Lines(2, 5)));
        Assert.Equal(5ul, await console.AppendAsync("org", "test-kind", Lines(1, 4)));

        var backlog = await console.ReadAsync(0);
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul], backlog.Lines.Select(line => line.Sequence));
        Assert.Equal((5ul, 0ul), (backlog.LastSequence, backlog.Missed));
    }

    [Fact]
    public async Task The_acknowledged_number_is_stored_before_it_is_answered()
    {
        var console = NewConsole();

        await console.AppendAsync("org", "test-kind", Lines(1, 7));

        Assert.Equal(7ul, (await fixture.ReadStoredStateAsync<ServerConsoleState>(console, "console")).LastSequence);
    }

    [Fact]
    public async Task A_failed_write_stores_nothing_and_the_lines_sent_again_are_stored_once()
    {
        var console = NewConsole();
        await console.AppendAsync("org", "test-kind", Lines(1, 3));
        fixture.StorageFaults.FailNextWrite(console);

        await Assert.ThrowsAnyAsync<Exception>(() => console.AppendAsync("org", "test-kind", Lines(4, 6)));
        var afterFailure = await console.ReadAsync(0);
        var acknowledged = await console.AppendAsync("org", "test-kind", Lines(4, 6));

        Assert.Equal([1ul, 2ul, 3ul], afterFailure.Lines.Select(line => line.Sequence));
        Assert.Equal(3ul, afterFailure.LastSequence);
        Assert.Equal(6ul, acknowledged);
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul, 6ul], (await console.ReadAsync(0)).Lines.Select(line => line.Sequence));
        Assert.Equal(6ul, (await fixture.ReadStoredStateAsync<ServerConsoleState>(console, "console")).LastSequence);
    }

    [Fact]
    public async Task A_gap_marker_resent_with_more_dropped_lines_counts_only_those_not_stored()
    {
        var console = NewConsole();
        await console.AppendAsync("org", "test-kind", [Gap(10, 10), .. Lines(11, 12)]);

        // The agent dropped lines 11 and 12 after sending them, and resent its grown gap marker on a new stream.
        await console.AppendAsync("org", "test-kind", [Gap(12, 12), .. Lines(13, 13)]);

        var backlog = await console.ReadAsync(0);
        Assert.Equal(["10 gap 10", "11", "12", "13"], backlog.Lines.Select(Describe));
    }

    [Fact]
    public async Task Reading_after_a_number_returns_the_held_lines_after_it_and_counts_those_no_longer_held()
    {
        var console = NewConsole();
        await console.AppendAsync("org", "test-kind", Lines(1, 6000));

        var backlog = await console.ReadAsync(500);

        Assert.Equal(5000, backlog.Lines.Length);
        Assert.Equal(1001ul, backlog.Lines[0].Sequence);
        Assert.Equal(500ul, backlog.Missed);
        Assert.Equal(["5999", "6000"], (await console.ReadAsync(5998)).Lines.Select(Describe));
        Assert.Empty((await console.ReadAsync(6000)).Lines);
    }

    private IServerConsoleGrain NewConsole() => fixture.Grains.GetGrain<IServerConsoleGrain>($"h{Guid.NewGuid():N}/main");

    private static ImmutableArray<ConsoleLine> Lines(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(n => new ConsoleLine((ulong)n, At, $"line {n}", false, 0))];

    private static ConsoleLine Gap(ulong sequence, ulong dropped) => new(sequence, At, "", false, dropped);

    private static string Describe(ConsoleLine line) => line.IsGap ? $"{line.Sequence} gap {line.Dropped}" : $"{line.Sequence}";
}
