using System.Collections.Immutable;
using System.Threading.Channels;
using GameOps.Grains.Observability;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>
/// The silo's one writer of console lines: one store write at a time, and every host's lines that arrive while one is
/// under way share the next; a host's task completes only after the write that holds its lines, and a failed write
/// fails every host in it and none after it.
/// </summary>
public sealed class ConsoleLineWriterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ControlledConsoleStore _store = new(Patience);
    private readonly ConsoleLineWriter _writer;

    public ConsoleLineWriterTests() =>
        _writer = Writer(new ConsoleOptions { RingLines = 123, WriteInterval = TimeSpan.Zero }, TimeProvider.System);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Hosts_whose_lines_arrive_during_a_write_share_the_next_and_each_completes_only_after_its_own()
    {
        var a = _writer.StoreAsync(Lines("a", 1));
        var first = await _store.NextAsync();
        var (b, c, a2) = (_writer.StoreAsync(Lines("b", 1)), _writer.StoreAsync(Lines("c", 1)), _writer.StoreAsync(Lines("a", 2)));
        var completedDuringFirst = new[] { a, b, c, a2 }.Count(t => t.IsCompleted);

        first.Done.SetResult();
        await a.WaitAsync(Patience);
        var second = await _store.NextAsync();
        var bCompletedBeforeItsWrite = b.IsCompleted;
        second.Done.SetResult();
        await Task.WhenAll(b, c, a2).WaitAsync(Patience);

        Assert.Equal(0, completedDuringFirst);
        Assert.False(bCompletedBeforeItsWrite);
        Assert.Equal(["a 1"], first.Describe());
        Assert.Equal(["b 1", "c 1", "a 2"], second.Describe());
        Assert.Equal(123, first.HeldLines);
        Assert.Equal(2, _store.Calls);
    }

    [Fact]
    public async Task A_failed_write_fails_every_host_in_it_and_the_lines_that_came_meanwhile_go_in_the_next()
    {
        var a = _writer.StoreAsync(Lines("a", 1));
        var first = await _store.NextAsync();
        var (b, c) = (_writer.StoreAsync(Lines("b", 1)), _writer.StoreAsync(Lines("c", 1)));
        first.Done.SetResult();
        var second = await _store.NextAsync();
        var d = _writer.StoreAsync(Lines("d", 1));

        second.Done.SetException(new IOException("disk full"));
        var third = await _store.NextAsync();
        third.Done.SetResult();

        await a.WaitAsync(Patience);
        await Assert.ThrowsAsync<IOException>(() => b.WaitAsync(Patience));
        await Assert.ThrowsAsync<IOException>(() => c.WaitAsync(Patience));
        await d.WaitAsync(Patience);
        Assert.Equal(["b 1", "c 1"], second.Describe());
        Assert.Equal(["d 1"], third.Describe());
    }

    [Fact]
    public async Task One_write_takes_whole_hosts_up_to_its_line_bound_and_the_rest_go_in_the_next()
    {
        var hold = _writer.StoreAsync(Lines("hold", 1));
        var holding = await _store.NextAsync();
        var big = Enumerable.Range(0, 3).Select(i => _writer.StoreAsync(Lines($"big{i}", ConsoleLineWriter.MaxLinesPerWrite / 2))).ToArray();
        holding.Done.SetResult();

        var second = await _store.NextAsync();
        second.Done.SetResult();
        var third = await _store.NextAsync();
        third.Done.SetResult();
        await Task.WhenAll([hold, .. big]).WaitAsync(Patience);

        Assert.Equal(["big0", "big1"], second.Hosts);
        Assert.Equal(["big2"], third.Hosts);
    }

    [Fact]
    public async Task A_write_starts_an_interval_after_the_one_before_and_the_lines_that_came_meanwhile_share_it()
    {
        var time = new WatchedTime(new FakeTimeProvider());
        var interval = TimeSpan.FromMilliseconds(25);
        var writer = Writer(new ConsoleOptions { WriteInterval = interval }, time);

        var a = writer.StoreAsync(Lines("a", 1));
        var first = await _store.NextAsync();
        var b = writer.StoreAsync(Lines("b", 1));
        first.Done.SetResult();
        await a.WaitAsync(Patience);

        // The writer reads the clock, then starts its delay on its own thread: the clock moves only once it waits on it.
        await time.TimerStartedAsync();
        time.Fake.Advance(interval - TimeSpan.FromMilliseconds(1));
        var c = writer.StoreAsync(Lines("c", 1));
        var writtenBeforeTheInterval = _store.HasWrite;
        time.Fake.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _store.NextAsync();
        second.Done.SetResult();
        await Task.WhenAll(b, c).WaitAsync(Patience);

        // Quiet for an interval: the next line is written without waiting for the clock.
        time.Fake.Advance(interval);
        var d = writer.StoreAsync(Lines("d", 1));
        var third = await _store.NextAsync();
        third.Done.SetResult();
        await d.WaitAsync(Patience);

        Assert.False(writtenBeforeTheInterval);
        Assert.Equal(["b 1", "c 1"], second.Describe());
        Assert.Equal(["d 1"], third.Describe());
    }

    private ConsoleLineWriter Writer(ConsoleOptions options, TimeProvider time) =>
        new(_store, Options.Create(options), new GameOpsMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), time);

    private static HostLines Lines(string hostId, int count) =>
        new(hostId, [new ServerLines("main", "7dtd-telnet", [.. Enumerable.Range(1, count).Select(n => new ConsoleLine((ulong)n, DateTimeOffset.UnixEpoch, "x", false, 0))])]);

    /// <summary>A fake clock that tells when a timer is started on it.</summary>
    private sealed class WatchedTime(FakeTimeProvider fake) : TimeProvider
    {
        private readonly Channel<bool> _timers = Channel.CreateUnbounded<bool>();

        public FakeTimeProvider Fake { get; } = fake;

        public override long TimestampFrequency => Fake.TimestampFrequency;

        public override long GetTimestamp() => Fake.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Fake.CreateTimer(callback, state, dueTime, period);
            _timers.Writer.TryWrite(true);
            return timer;
        }

        public async Task TimerStartedAsync() => await _timers.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }
}
