using System.Collections.Concurrent;
using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Gateway;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>One server's lines on one agent stream: one append at a time, the batches that wait share the next, acknowledged only after their write.</summary>
public sealed class ConsoleAppendQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Batches_that_arrive_during_a_write_share_the_next_one_and_are_acknowledged_only_after_it()
    {
        var store = new ControlledStore();
        var acknowledged = new ConcurrentQueue<ulong>();
        var queue = new ConsoleAppendQueue(store.AppendAsync, acknowledged.Enqueue, _ => { }, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines(1, 2));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines(3, 4));
        await queue.EnqueueAsync(Lines(5, 6));
        var acknowledgedDuringFirst = acknowledged.ToArray();
        first.Complete(2);
        var second = await store.NextCallAsync();
        var acknowledgedDuringSecond = acknowledged.ToArray();
        second.Complete(6);
        await queue.IdleAsync().WaitAsync(Patience);

        Assert.Empty(acknowledgedDuringFirst);
        Assert.Equal([1ul, 2ul], first.Lines.Select(line => line.Sequence));
        Assert.Equal([3ul, 4ul, 5ul, 6ul], second.Lines.Select(line => line.Sequence));
        Assert.Equal([2ul], acknowledgedDuringSecond);
        Assert.Equal([2ul, 6ul], acknowledged);
        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task A_failed_write_acknowledges_nothing_and_nothing_after_it_is_stored_on_that_stream()
    {
        var store = new ControlledStore();
        var acknowledged = new ConcurrentQueue<ulong>();
        var failures = new ConcurrentQueue<Exception>();
        var queue = new ConsoleAppendQueue(store.AppendAsync, acknowledged.Enqueue, failures.Enqueue, maxWaitingLines: 1_000);

        await queue.EnqueueAsync(Lines(1, 2));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines(3, 4));
        first.Fail(new IOException("disk full"));
        await queue.IdleAsync().WaitAsync(Patience);
        await queue.EnqueueAsync(Lines(5, 6));
        await queue.IdleAsync().WaitAsync(Patience);

        Assert.Empty(acknowledged);
        Assert.Equal("disk full", Assert.Single(failures).Message);
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task A_stream_is_read_no_further_while_more_lines_wait_than_allowed()
    {
        var store = new ControlledStore();
        var queue = new ConsoleAppendQueue(store.AppendAsync, _ => { }, _ => { }, maxWaitingLines: 3);

        await queue.EnqueueAsync(Lines(1, 2));
        var first = await store.NextCallAsync();
        var withinLimit = queue.EnqueueAsync(Lines(3, 5));
        var pastLimit = queue.EnqueueAsync(Lines(6, 6));
        var heldBeforeWrite = !pastLimit.IsCompleted;
        first.Complete(2);
        (await store.NextCallAsync()).Complete(6);
        await pastLimit.WaitAsync(Patience);

        Assert.True(withinLimit.IsCompletedSuccessfully);
        Assert.True(heldBeforeWrite);
    }

    [Fact]
    public async Task Waiting_batches_join_an_append_only_up_to_its_size_and_the_rest_go_in_the_next()
    {
        var store = new ControlledStore();
        var queue = new ConsoleAppendQueue(store.AppendAsync, _ => { }, _ => { }, maxWaitingLines: 1_000, maxAppendChars: 20);

        await queue.EnqueueAsync(Lines(1, 1));
        var first = await store.NextCallAsync();
        await queue.EnqueueAsync(Lines(2, 3));
        await queue.EnqueueAsync(Lines(4, 4));
        await queue.EnqueueAsync(Lines(5, 5));
        first.Complete(1);
        var second = await store.NextCallAsync();
        second.Complete(4);
        var third = await store.NextCallAsync();
        third.Complete(5);
        await queue.IdleAsync().WaitAsync(Patience);

        // Each line's text is "line n", 6 characters: three fit in 20, a fourth would not.
        Assert.Equal([2ul, 3ul, 4ul], second.Lines.Select(line => line.Sequence));
        Assert.Equal([5ul], third.Lines.Select(line => line.Sequence));
    }

    private static ImmutableArray<ConsoleLine> Lines(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(n => new ConsoleLine((ulong)n, At, $"line {n}", false, 0))];

    /// <summary>An append whose write the test finishes (or fails) when it chooses.</summary>
    private sealed class ControlledStore
    {
        private readonly System.Threading.Channels.Channel<Call> _calls = System.Threading.Channels.Channel.CreateUnbounded<Call>();
        private int _count;

        public int Calls => Volatile.Read(ref _count);

        public Task<ulong> AppendAsync(ImmutableArray<ConsoleLine> lines)
        {
            Interlocked.Increment(ref _count);
            var call = new Call(lines);
            _calls.Writer.TryWrite(call);
            return call.Stored.Task;
        }

        public async Task<Call> NextCallAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    private sealed class Call(ImmutableArray<ConsoleLine> lines)
    {
        public ImmutableArray<ConsoleLine> Lines { get; } = lines;

        public TaskCompletionSource<ulong> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(ulong stored) => Stored.SetResult(stored);

        public void Fail(Exception exception) => Stored.SetException(exception);
    }
}
