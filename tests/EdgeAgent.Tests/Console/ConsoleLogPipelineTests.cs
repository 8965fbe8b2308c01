using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Console;

public sealed class ConsoleLogPipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_line_waits_for_the_batch_delay_unless_a_full_batch_is_ready()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { MaxBatchLines = 3, BatchDelay = TimeSpan.FromMilliseconds(100) });
        pipeline.Publish("alpha", "one");

        Assert.False(pipeline.TryTakeBatch(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pipeline.NextBatchDue());
        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(pipeline.TryTakeBatch(out _));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(pipeline.TryTakeBatch(out var late));
        Assert.Equal(["one"], late.Entries.Select(entry => entry.Text));

        pipeline.Publish("alpha", "two");
        pipeline.Publish("alpha", "three");
        pipeline.Publish("alpha", "four");
        Assert.Equal(TimeSpan.Zero, pipeline.NextBatchDue());
        Assert.True(pipeline.TryTakeBatch(out var full));
        Assert.Equal(["two", "three", "four"], full.Entries.Select(entry => entry.Text));
        Assert.Null(pipeline.NextBatchDue());
    }

    [Fact]
    public void Busy_servers_take_turns()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { MaxBatchLines = 2 });
        for (var n = 0; n < 6; n++)
        {
            pipeline.Publish("alpha", $"a{n}");
            pipeline.Publish("beta", $"b{n}");
        }

        var order = new List<string>();
        while (pipeline.TryTakeBatch(out var batch))
        {
            order.Add(batch.ServerId);
        }

        Assert.Equal(["alpha", "beta", "alpha", "beta", "alpha", "beta"], order);
    }

    [Fact]
    public void Console_lines_of_a_server_that_follows_a_log_file_are_not_sent_and_long_lines_are_cut()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions(), logFileOfBeta: _temp.Combine("beta.log"));
        pipeline.Publish("beta", "from the console");
        pipeline.Publish("alpha", new string('x', ConsoleLines.MaxLineBytes + 1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(pipeline.TryTakeBatch(out var batch));
        Assert.Equal("alpha", batch.ServerId);
        var entry = Assert.Single(batch.Entries);
        Assert.True(entry.Cut);
        Assert.Equal(new string('x', ConsoleLines.MaxLineBytes) + ConsoleLines.CutMarker, entry.Text);
        Assert.False(pipeline.TryTakeBatch(out _));
    }

    [Fact]
    public void An_ack_for_a_server_forgets_its_lines_up_to_the_number()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions());
        pipeline.Publish("alpha", "one");
        pipeline.Publish("alpha", "two");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pipeline.TryTakeBatch(out _));

        pipeline.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 1 });
        pipeline.Acknowledge(new LogAck { ServerId = "nobody", Sequence = 1 });
        pipeline.Rewind();

        Assert.True(pipeline.TryTakeBatch(out var again));
        Assert.Equal([2ul], again.Entries.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Lines_that_arrive_while_a_batch_awaits_its_ack_wait_for_it_and_leave_together()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { AckWindow = TimeSpan.Zero, BatchDelay = TimeSpan.FromMilliseconds(100), AckWait = TimeSpan.FromSeconds(5) });
        pipeline.Publish("alpha", "one");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));

        pipeline.Publish("alpha", "two");
        _clock.Advance(TimeSpan.FromMilliseconds(150));
        pipeline.Publish("alpha", "three");
        Assert.False(pipeline.TryTakeBatch(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(4850), pipeline.NextBatchDue());

        await pipeline.WaitForLinesAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)); // the publishes' own signal
        var woken = pipeline.WaitForLinesAsync(CancellationToken.None);
        Assert.False(woken.IsCompleted);
        pipeline.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 1 });

        await woken.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(pipeline.TryTakeBatch(out var joined));
        Assert.Equal(["two", "three"], joined.Entries.Select(entry => entry.Text));
    }

    [Fact]
    public void A_quick_ack_leaves_the_batch_delay_as_it_was()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { BatchDelay = TimeSpan.FromMilliseconds(100) });
        pipeline.Publish("alpha", "one");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));
        pipeline.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 1 });

        pipeline.Publish("alpha", "two");
        Assert.Equal(TimeSpan.FromMilliseconds(100), pipeline.NextBatchDue());
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out var next));
        Assert.Equal(["two"], next.Entries.Select(entry => entry.Text));
    }

    [Fact]
    public void A_full_batch_and_another_servers_batch_do_not_wait_for_an_ack()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { MaxBatchLines = 2, BatchDelay = TimeSpan.FromMilliseconds(100) });
        pipeline.Publish("alpha", "a1");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));

        pipeline.Publish("beta", "b1");
        pipeline.Publish("alpha", "a2");
        pipeline.Publish("alpha", "a3");
        _clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(pipeline.TryTakeBatch(out var first));
        Assert.True(pipeline.TryTakeBatch(out var second));
        Assert.Equal(["a2 a3", "b1"], new[] { first, second }.Select(b => string.Join(' ', b.Entries.Select(e => e.Text))).Order());
    }

    [Fact]
    public void A_lost_ack_is_waited_for_at_most_the_ack_wait()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { AckWindow = TimeSpan.Zero, BatchDelay = TimeSpan.FromMilliseconds(100), AckWait = TimeSpan.FromSeconds(2) });
        pipeline.Publish("alpha", "one");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));
        pipeline.Publish("alpha", "two");

        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(pipeline.TryTakeBatch(out _));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(pipeline.TryTakeBatch(out var late));
        Assert.Equal([2ul], late.Entries.Select(entry => entry.Sequence));
    }

    [Fact]
    public void A_new_stream_sends_the_unacknowledged_lines_again_without_waiting_for_the_lost_ack()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { AckWindow = TimeSpan.Zero, BatchDelay = TimeSpan.FromMilliseconds(100) });
        pipeline.Publish("alpha", "one");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));
        pipeline.Publish("alpha", "two");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(pipeline.TryTakeBatch(out _));

        pipeline.Rewind();

        Assert.True(pipeline.TryTakeBatch(out var again));
        Assert.Equal([1ul, 2ul], again.Entries.Select(entry => entry.Sequence));
    }

    [Fact]
    public void Within_the_window_a_batch_goes_after_the_delay_without_waiting_for_the_ack_of_the_one_before()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { BatchDelay = TimeSpan.FromMilliseconds(100), AckWindow = TimeSpan.FromSeconds(1) });
        pipeline.Publish("alpha", "one");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out _));

        pipeline.Publish("alpha", "two");
        Assert.Equal(TimeSpan.FromMilliseconds(100), pipeline.NextBatchDue());
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out var second));
        pipeline.Publish("alpha", "three");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pipeline.TryTakeBatch(out var third));

        Assert.Equal([[2ul], [3ul]], new[] { second, third }.Select(batch => batch.Entries.Select(entry => entry.Sequence).ToArray()));
    }

    [Fact]
    public void Beyond_the_window_a_batch_that_is_not_full_waits_for_an_ack_and_one_for_the_oldest_batch_opens_the_window_again()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions
        {
            MaxBatchLines = 3, BatchDelay = TimeSpan.FromMilliseconds(100), AckWindow = TimeSpan.FromMilliseconds(300), AckWait = TimeSpan.FromSeconds(5),
        });
        for (var n = 1; n <= 3; n++)
        {
            pipeline.Publish("alpha", $"line {n}");
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(pipeline.TryTakeBatch(out _));
        }

        // The oldest unacknowledged batch left 300 ms ago: the window is shut for a batch that is not full.
        pipeline.Publish("alpha", "line 4");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var shut = pipeline.TryTakeBatch(out _);
        var due = pipeline.NextBatchDue();

        // Acknowledging the oldest batch leaves the second, sent 200 ms ago, the oldest: the window is open again.
        pipeline.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 1 });
        Assert.True(pipeline.TryTakeBatch(out var reopened));

        // A full batch never waits, window or not.
        _clock.Advance(TimeSpan.FromSeconds(1));
        pipeline.Publish("alpha", "line 5");
        pipeline.Publish("alpha", "line 6");
        pipeline.Publish("alpha", "line 7");
        Assert.True(pipeline.TryTakeBatch(out var full));

        Assert.False(shut);
        Assert.Equal(TimeSpan.FromMilliseconds(4900), due);
        Assert.Equal([4ul], reopened.Entries.Select(entry => entry.Sequence));
        Assert.Equal([5ul, 6ul, 7ul], full.Entries.Select(entry => entry.Sequence));
    }

    [Fact]
    public void After_a_restart_every_line_after_the_last_ack_goes_again_once_in_order_however_many_batches_were_in_flight()
    {
        var options = new ConsoleLogOptions { BatchDelay = TimeSpan.FromMilliseconds(100), AckWindow = TimeSpan.FromSeconds(1) };
        using (var before = NewPipeline(options))
        {
            for (var n = 1; n <= 6; n++)
            {
                before.Publish("alpha", $"line {n}");
                if (n % 2 == 0)
                {
                    _clock.Advance(TimeSpan.FromMilliseconds(100));
                    Assert.True(before.TryTakeBatch(out _));
                }
            }

            before.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 2 });
        }

        using var after = NewPipeline(options);
        _clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(["alpha 3 line 3", "alpha 4 line 4", "alpha 5 line 5", "alpha 6 line 6"], TakeAll(after));
    }

    [Fact]
    public void A_combined_ack_forgets_each_servers_lines_as_a_log_ack_per_server_does()
    {
        using var each = NewPipeline(new ConsoleLogOptions(), folder: "each");
        using var combined = NewPipeline(new ConsoleLogOptions(), folder: "combined");
        foreach (var pipeline in new[] { each, combined })
        {
            pipeline.Publish("alpha", "a1");
            pipeline.Publish("alpha", "a2");
            pipeline.Publish("alpha", "a3");
            pipeline.Publish("beta", "b1");
            pipeline.Publish("beta", "b2");
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var sentEach = TakeAll(each);
        var sentCombined = TakeAll(combined);
        each.Acknowledge(new LogAck { ServerId = "alpha", Sequence = 2 });
        each.Acknowledge(new LogAck { ServerId = "beta", Sequence = 2 });
        combined.Acknowledge(new LogAcks { Acks = { new LogAck { ServerId = "alpha", Sequence = 2 }, new LogAck { ServerId = "beta", Sequence = 2 } } });
        each.Rewind();
        combined.Rewind();

        Assert.Equal(sentEach, sentCombined);
        Assert.Equal(["alpha 3 a3"], TakeAll(combined));
        Assert.Equal(TakeAll(each), ["alpha 3 a3"]);
        Assert.Equal((2ul, 2ul), (combined.BufferOf("alpha").Acknowledged, combined.BufferOf("beta").Acknowledged));
    }

    [Fact]
    public void A_combined_ack_naming_an_unknown_server_or_a_number_never_sent_is_logged_and_loses_nothing()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        using var pipeline = NewPipeline(new ConsoleLogOptions(), logger: loggers.CreateLogger<ConsoleLogPipeline>());
        pipeline.Publish("alpha", "a1");
        pipeline.Publish("alpha", "a2");
        pipeline.Publish("beta", "b1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pipeline.TryTakeBatch(out _));
        Assert.True(pipeline.TryTakeBatch(out _));

        // Line 3 of alpha is numbered but not sent yet: the control plane cannot have stored it.
        pipeline.Publish("alpha", "a3");
        pipeline.Acknowledge(new LogAcks
        {
            Acks =
            {
                new LogAck { ServerId = "nobody", Sequence = 1 },
                new LogAck { ServerId = "alpha", Sequence = 3 },
                new LogAck { ServerId = "beta", Sequence = 1 },
            },
        });
        pipeline.Rewind();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["alpha 1 a1", "alpha 2 a2", "alpha 3 a3"], TakeAll(pipeline));
        Assert.Equal(1ul, pipeline.BufferOf("beta").Acknowledged);
        Assert.Equal(2, logs.Lines.Snapshot().Count(line => line.StartsWith("Warning", StringComparison.Ordinal)));
    }

    private static List<string> TakeAll(ConsoleLogPipeline pipeline)
    {
        var taken = new List<string>();
        while (pipeline.TryTakeBatch(out var batch))
        {
            taken.AddRange(batch.Entries.Select(entry => $"{batch.ServerId} {entry.Sequence} {entry.Text}"));
        }

        return taken;
    }

    private ConsoleLogPipeline NewPipeline(
        ConsoleLogOptions options, string? logFileOfBeta = null, string folder = "", ILogger<ConsoleLogPipeline>? logger = null)
    {
        var config = TestConfigs.Agent(_temp.Combine(folder, "journal.jsonl"), [Server("alpha", null), Server("beta", logFileOfBeta)]);
        return new ConsoleLogPipeline(config, Options.Create(options), _clock, logger ?? NullLogger<ConsoleLogPipeline>.Instance);
    }

    private static GameServerConfig Server(string id, string? logFile) => new()
    {
        Id = id,
        Name = id,
        Kind = "7dtd-telnet",
        Address = new ServerAddress("127.0.0.1", 8081),
        Password = "secret",
        AllowedActions = [],
        LogFile = logFile,
    };
}
