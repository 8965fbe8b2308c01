using System.Collections.Concurrent;
using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Gateway;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>
/// One agent stream's lines, of all its servers: one append at a time, the batches that wait share the next whichever
/// server they are of, each server acknowledged only after the write that holds its lines.
/// </summary>
public sealed class ConsoleAppendQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Batches_that_arrive_during_a_write_share_the_next_one_and_are_acknowledged_only_after_it()
    {
        var store = new ControlledStore();
        var acknowledged = new ConcurrentQueue<(string, ulong)>();
        var queue = new ConsoleAppendQueue(store.AppendAsync, acks => Record(acknowledged, acks), _ => { }, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines("main", 1, 2));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines("main", 3, 4));
        await queue.EnqueueAsync(Lines("main", 5, 6));
        var acknowledgedDuringFirst = acknowledged.ToArray();
        first.Complete(("main", 2));
        var second = await store.NextCallAsync();
        var acknowledgedDuringSecond = acknowledged.ToArray();
        second.Complete(("main", 6));
        await queue.IdleAsync().WaitAsync(Patience);

        Assert.Empty(acknowledgedDuringFirst);
        Assert.Equal(["main 1", "main 2"], first.Describe());
        Assert.Equal(["main 3", "main 4", "main 5", "main 6"], second.Describe());
        Assert.Equal([("main", 2ul)], acknowledgedDuringSecond);
        Assert.Equal([("main", 2ul), ("main", 6ul)], acknowledged);
        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task Batches_of_several_servers_that_arrive_during_a_write_share_the_next_and_each_server_is_acknowledged_after_it()
    {
        var store = new ControlledStore();
        var acknowledged = new ConcurrentQueue<(string, ulong)>();
        var queue = new ConsoleAppendQueue(store.AppendAsync, acks => Record(acknowledged, acks), _ => { }, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines("alpha", 1, 1));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines("beta", 1, 2));
        await queue.EnqueueAsync(Lines("alpha", 2, 3));
        await queue.EnqueueAsync(Lines("beta", 3, 3));
        first.Complete(("alpha", 1));
        var second = await store.NextCallAsync();
        var acknowledgedDuringSecond = acknowledged.ToArray();
        second.Complete(("beta", 3), ("alpha", 3));
        await queue.IdleAsync().WaitAsync(Patience);

        // One entry per server, each with its lines in the order they came.
        Assert.Equal([["beta 1", "beta 2", "beta 3"], ["alpha 2", "alpha 3"]], second.Batches.Select(b => b.Lines.Select(l => $"{b.ServerId} {l.Sequence}").ToArray()));
        Assert.Equal([("alpha", 1ul)], acknowledgedDuringSecond);
        Assert.Equal([("alpha", 1ul), ("beta", 3ul), ("alpha", 3ul)], acknowledged);
        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task The_servers_of_one_write_are_acknowledged_in_one_call()
    {
        var store = new ControlledStore();
        var calls = new ConcurrentQueue<string>();
        var queue = new ConsoleAppendQueue(
            store.AppendAsync, acks => calls.Enqueue(string.Join(", ", acks.ToArray().Select(a => $"{a.ServerId} {a.Number}"))), _ => { }, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines("alpha", 1, 1));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines("beta", 1, 2));
        await queue.EnqueueAsync(Lines("alpha", 2, 3));
        first.Complete(("alpha", 1));
        var second = await store.NextCallAsync();
        second.Complete(("beta", 2), ("alpha", 3));
        await queue.IdleAsync().WaitAsync(Patience);

        Assert.Equal(["alpha 1", "beta 2, alpha 3"], calls);
    }

    private static void Record(ConcurrentQueue<(string, ulong)> acknowledged, ReadOnlySpan<ConsoleAck> acks)
    {
        foreach (var ack in acks)
        {
            acknowledged.Enqueue((ack.ServerId, ack.Number));
        }
    }

    [Fact]
    public async Task A_failed_write_acknowledges_nothing_and_nothing_after_it_is_stored_on_that_stream()
    {
        var store = new ControlledStore();
        var acknowledged = new ConcurrentQueue<(string, ulong)>();
        var failures = new ConcurrentQueue<Exception>();
        var queue = new ConsoleAppendQueue(store.AppendAsync, acks => Record(acknowledged, acks), failures.Enqueue, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines("alpha", 1, 2));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines("alpha", 3, 4));
        await queue.EnqueueAsync(Lines("beta", 1, 1));
        first.Complete(("alpha", 2));
        var second = await store.NextCallAsync();
        second.Fail(new IOException("disk full"));
        await queue.IdleAsync().WaitAsync(Patience);
        await queue.EnqueueAsync(Lines("beta", 2, 2));
        await queue.IdleAsync().WaitAsync(Patience);

        Assert.Equal(["alpha 3", "alpha 4", "beta 1"], second.Describe());
        Assert.Equal([("alpha", 2ul)], acknowledged);
        Assert.Equal("disk full", Assert.Single(failures).Message);
        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task A_stream_is_read_no_further_while_more_lines_wait_than_allowed()
    {
        var store = new ControlledStore();
        var queue = new ConsoleAppendQueue(store.AppendAsync, _ => { }, _ => { }, maxWaitingLines: 3);

        await queue.EnqueueAsync(Lines("main", 1, 2));
        var first = await store.NextCallAsync();
        var withinLimit = queue.EnqueueAsync(Lines("main", 3, 5));
        var pastLimit = queue.EnqueueAsync(Lines("main", 6, 6));
        var heldBeforeWrite = !pastLimit.IsCompleted;
        first.Complete(("main", 2));
        (await store.NextCallAsync()).Complete(("main", 6));
        await pastLimit.WaitAsync(Patience);

        Assert.True(withinLimit.IsCompletedSuccessfully);
        Assert.True(heldBeforeWrite);
    }

    [Fact]
    public async Task Waiting_batches_join_an_append_only_up_to_its_size_and_the_rest_go_in_the_next()
    {
        var store = new ControlledStore();
        var queue = new ConsoleAppendQueue(store.AppendAsync, _ => { }, _ => { }, maxWaitingLines: 1_000, maxAppendChars: 20);

        await queue.EnqueueAsync(Lines("main", 1, 1));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines("main", 2, 3));
        await queue.EnqueueAsync(Lines("other", 1, 1));
        await queue.EnqueueAsync(Lines("main", 4, 4));
        first.Complete(("main", 1));
        var second = await store.NextCallAsync();
        second.Complete(("main", 3), ("other", 1));
        var third = await store.NextCallAsync();
        third.Complete(("main", 4));
        await queue.IdleAsync().WaitAsync(Patience);

        // Each line's text is "line n", 6 characters: three fit in 20, a fourth would not.
        Assert.Equal(["main 2", "main 3", "other 1"], second.Describe());
        Assert.Equal(["main 4"], third.Describe());
    }

    private static ServerLines Lines(string serverId, int from, int to) =>
        new(serverId, "test-kind", [.. Enumerable.Range(from, to - from + 1).Select(n => new ConsoleLine((ulong)n, At, $"line {n}", false, 0))]);

    /// <summary>An append whose write the test finishes (or fails) when it chooses.</summary>
    private sealed class ControlledStore
    {
        private readonly System.Threading.Channels.Channel<Call> _calls = System.Threading.Channels.Channel.CreateUnbounded<Call>();
        private int _count;

        public int Calls => Volatile.Read(ref _count);

        public Task<ImmutableArray<ulong>> AppendAsync(ImmutableArray<ServerLines> batches)
        {
            Interlocked.Increment(ref _count);
            var call = new Call(batches);
            _calls.Writer.TryWrite(call);
            return call.Stored.Task;
        }

        public async Task<Call> NextCallAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    private sealed class Call(ImmutableArray<ServerLines> batches)
    {
        public ImmutableArray<ServerLines> Batches { get; } = batches;

        public TaskCompletionSource<ImmutableArray<ulong>> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string[] Describe() => [.. Batches.SelectMany(b => b.Lines.Select(l => $"{b.ServerId} {l.Sequence}"))];

        // Each entry of the append gets the number given for its server.
        public void Complete(params (string Server, ulong Stored)[] stored) =>
            Stored.SetResult([.. Batches.Select(b => stored.Single(s => s.Server == b.ServerId).Stored)]);

        public void Fail(Exception exception) => Stored.SetException(exception);
    }
}
