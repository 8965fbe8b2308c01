using System.Collections.Concurrent;
using System.Collections.Immutable;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.ServerConsole;
using GameOps.TestSupport;
using Orleans.Streams;

namespace GameOps.Grains.Tests;

/// <summary>
/// A host's console lines: each server's numbers stored once however often the agent resends them, several servers'
/// lines in one write, and held for viewers per server.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostConsoleGrainTests(ClusterFixture fixture)
{
    private const string Kind = "test-kind";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Resent_lines_are_stored_once_and_the_highest_number_is_acknowledged()
    {
        var console = NewConsole();

        Assert.Equal(3ul, await AppendAsync(console, "main", Lines(1, 3)));
        Assert.Equal(5ul, await AppendAsync(console, "main", Lines(2, 5)));
        Assert.Equal(5ul, await AppendAsync(console, "main", Lines(1, 4)));

        var backlog = await console.ReadAsync("main", 0);
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul], backlog.Lines.Select(line => line.Sequence));
        Assert.Equal((5ul, 0ul), (backlog.LastSequence, backlog.Missed));
    }

    [Fact]
    public async Task The_acknowledged_number_is_stored_before_it_is_answered()
    {
        var console = NewConsole();

        await AppendAsync(console, "main", Lines(1, 7));

        Assert.Equal(7ul, (await fixture.ReadStoredStateAsync<HostConsoleState>(console, "console")).LastSequence["main"]);
    }

    [Fact]
    public async Task Lines_of_several_servers_are_stored_by_one_write_and_each_server_is_acknowledged_its_own_number()
    {
        var console = NewConsole();
        await AppendAsync(console, "alpha", Lines(1, 2));
        var writesBefore = fixture.StorageFaults.WritesOf(console);

        var stored = await console.AppendAsync("org", [new("alpha", Kind, Lines(2, 4)), new("beta", Kind, Lines(1, 3)), new("alpha", Kind, Lines(5, 5))]);

        Assert.Equal(1, fixture.StorageFaults.WritesOf(console) - writesBefore);
        Assert.Equal([("alpha", 5ul), ("beta", 3ul)], stored.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
        var persisted = (await fixture.ReadStoredStateAsync<HostConsoleState>(console, "console")).LastSequence;
        Assert.Equal((5ul, 3ul), (persisted["alpha"], persisted["beta"]));
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul], (await console.ReadAsync("alpha", 0)).Lines.Select(line => line.Sequence));
        Assert.Equal([1ul, 2ul, 3ul], (await console.ReadAsync("beta", 0)).Lines.Select(line => line.Sequence));
    }

    [Fact]
    public async Task A_failed_write_stores_nothing_and_the_lines_sent_again_are_stored_once()
    {
        var console = NewConsole();
        await AppendAsync(console, "main", Lines(1, 3));
        fixture.StorageFaults.FailNextWrite(console);

        await Assert.ThrowsAnyAsync<Exception>(() => AppendAsync(console, "main", Lines(4, 6)));
        var afterFailure = await console.ReadAsync("main", 0);
        var acknowledged = await AppendAsync(console, "main", Lines(4, 6));

        Assert.Equal([1ul, 2ul, 3ul], afterFailure.Lines.Select(line => line.Sequence));
        Assert.Equal(3ul, afterFailure.LastSequence);
        Assert.Equal(6ul, acknowledged);
        Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul, 6ul], (await console.ReadAsync("main", 0)).Lines.Select(line => line.Sequence));
        Assert.Equal(6ul, (await fixture.ReadStoredStateAsync<HostConsoleState>(console, "console")).LastSequence["main"]);
    }

    [Fact]
    public async Task A_failed_write_of_several_servers_stores_none_of_them()
    {
        var console = NewConsole();
        await console.AppendAsync("org", [new("alpha", Kind, Lines(1, 2)), new("beta", Kind, Lines(1, 2))]);
        fixture.StorageFaults.FailNextWrite(console);

        await Assert.ThrowsAnyAsync<Exception>(() => console.AppendAsync("org", [new("alpha", Kind, Lines(3, 4)), new("beta", Kind, Lines(3, 3))]));
        var alpha = await console.ReadAsync("alpha", 0);
        var beta = await console.ReadAsync("beta", 0);
        var stored = await console.AppendAsync("org", [new("beta", Kind, Lines(3, 3)), new("alpha", Kind, Lines(3, 4))]);

        Assert.Equal([1ul, 2ul], alpha.Lines.Select(line => line.Sequence));
        Assert.Equal([1ul, 2ul], beta.Lines.Select(line => line.Sequence));
        Assert.Equal((2ul, 2ul), (alpha.LastSequence, beta.LastSequence));
        Assert.Equal((4ul, 3ul), (stored["alpha"], stored["beta"]));
        Assert.Equal([1ul, 2ul, 3ul, 4ul], (await console.ReadAsync("alpha", 0)).Lines.Select(line => line.Sequence));
        Assert.Equal([1ul, 2ul, 3ul], (await console.ReadAsync("beta", 0)).Lines.Select(line => line.Sequence));
    }

    [Fact]
    public async Task A_gap_marker_resent_with_more_dropped_lines_counts_only_those_not_stored()
    {
        var console = NewConsole();
        await AppendAsync(console, "main", [Gap(10, 10), .. Lines(11, 12)]);

        // The agent dropped lines 11 and 12 after sending them, and resent its grown gap marker on a new stream.
        await AppendAsync(console, "main", [Gap(12, 12), .. Lines(13, 13)]);

        var backlog = await console.ReadAsync("main", 0);
        Assert.Equal(["10 gap 10", "11", "12", "13"], backlog.Lines.Select(Describe));
    }

    [Fact]
    public async Task Reading_after_a_number_returns_the_held_lines_after_it_and_counts_those_no_longer_held()
    {
        var console = NewConsole();
        await AppendAsync(console, "main", Lines(1, 6000));

        var backlog = await console.ReadAsync("main", 500);

        Assert.Equal(5000, backlog.Lines.Length);
        Assert.Equal(1001ul, backlog.Lines[0].Sequence);
        Assert.Equal(500ul, backlog.Missed);
        Assert.Equal(["5999", "6000"], (await console.ReadAsync("main", 5998)).Lines.Select(Describe));
        Assert.Empty((await console.ReadAsync("main", 6000)).Lines);
        Assert.Equal((0ul, 0ul), ((await console.ReadAsync("other", 0)).LastSequence, (await console.ReadAsync("other", 0)).Missed));
    }

    [Fact]
    public async Task Lines_are_published_only_while_a_silo_watches_their_server()
    {
        var console = NewConsole();
        var received = new ConcurrentQueue<ConsoleBatch>();
        var subscription = await fixture.Cluster.Client.GetStreamProvider(OrgEventStreams.ProviderName)
            .GetStream<ConsoleBatch>(ConsoleStreams.For(GameServerKeys.For(console.GetPrimaryKeyString(), "main")))
            .SubscribeAsync((batch, _) =>
            {
                received.Enqueue(batch);
                return Task.CompletedTask;
            });
        try
        {
            await AppendAsync(console, "main", Lines(1, 2));
            await console.WatchAsync("main", TimeSpan.Zero); // a watch that has already run out
            await AppendAsync(console, "main", Lines(3, 4));
            await console.WatchAsync("other", TimeSpan.FromMinutes(1));
            await AppendAsync(console, "main", Lines(5, 6));
            await console.WatchAsync("main", TimeSpan.FromMinutes(1));
            await AppendAsync(console, "main", Lines(7, 8));

            var published = await Eventually.ReadAsync(() => Task.FromResult(received.ToArray()), batches => batches.Length > 0, TimeSpan.FromSeconds(30));
            Assert.Equal([7ul, 8ul], published[0].Lines.Select(line => line.Sequence));
            Assert.Equal([1ul, 2ul, 3ul, 4ul, 5ul, 6ul, 7ul, 8ul], (await console.ReadAsync("main", 0)).Lines.Select(line => line.Sequence));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private IHostConsoleGrain NewConsole() => fixture.Grains.GetGrain<IHostConsoleGrain>($"h{Guid.NewGuid():N}");

    private static async Task<ulong> AppendAsync(IHostConsoleGrain console, string serverId, ImmutableArray<ConsoleLine> lines) =>
        (await console.AppendAsync("org", [new ServerLines(serverId, Kind, lines)]))[serverId];

    private static ImmutableArray<ConsoleLine> Lines(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(n => new ConsoleLine((ulong)n, At, $"line {n}", false, 0))];

    private static ConsoleLine Gap(ulong sequence, ulong dropped) => new(sequence, At, "", false, dropped);

    private static string Describe(ConsoleLine line) => line.IsGap ? $"{line.Sequence} gap {line.Dropped}" : $"{line.Sequence}";
}
