using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
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

    private ConsoleLogPipeline NewPipeline(ConsoleLogOptions options, string? logFileOfBeta = null)
    {
        var config = TestConfigs.Agent(_temp.Combine("journal.jsonl"), [Server("alpha", null), Server("beta", logFileOfBeta)]);
        return new ConsoleLogPipeline(config, Options.Create(options), _clock, NullLogger<ConsoleLogPipeline>.Instance);
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
