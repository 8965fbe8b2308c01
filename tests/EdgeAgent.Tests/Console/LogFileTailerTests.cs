using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Console;

public sealed class LogFileTailerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));

    public LogFileTailerTests() => LogPath = _temp.Combine("game", "output_log.txt");

    private string LogPath { get; }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void First_run_starts_at_the_end_and_sends_only_new_lines()
    {
        Write("old 1\nold 2\n");
        using var pipeline = NewPipeline();
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);

        tailer.Poll();
        Write("new 1\nnew 2\n");
        tailer.Poll();

        Assert.Equal(["new 1", "new 2"], Sent(pipeline));
    }

    [Fact]
    public void A_line_without_its_line_break_waits_for_it()
    {
        using var pipeline = NewPipeline();
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);
        Write("");
        tailer.Poll();

        Write("half a li");
        tailer.Poll();
        Assert.Empty(Sent(pipeline));

        Write("ne\r\nnext\n");
        tailer.Poll();
        Assert.Equal(["half a line", "next"], Sent(pipeline));
    }

    [Fact]
    public void Rotation_by_rename_reads_the_old_file_to_its_end_then_the_new_file_from_its_start()
    {
        using var pipeline = NewPipeline();
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);
        Write("");
        tailer.Poll();
        Write("before 1\n");
        tailer.Poll();

        // logrotate's default: the game writes a last line to the renamed file, then opens a new one at the path.
        Write("before 2\n");
        File.Move(LogPath, LogPath + ".1");
        File.AppendAllText(LogPath + ".1", "before 3\n");
        tailer.Poll();
        Write("after 1\nafter 2\n");
        tailer.Poll();
        Write("after 3\n");
        tailer.Poll();

        Assert.Equal(["before 1", "before 2", "before 3", "after 1", "after 2", "after 3"], Sent(pipeline));
    }

    [Fact]
    public void Truncation_in_place_is_read_again_from_the_start()
    {
        using var pipeline = NewPipeline();
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);
        Write("");
        tailer.Poll();
        Write("one\ntwo\n");
        tailer.Poll();

        // logrotate's copytruncate: the same file, emptied, written on from its start.
        File.WriteAllText(LogPath, "");
        tailer.Poll();
        Write("three\n");
        tailer.Poll();

        Assert.Equal(["one", "two", "three"], Sent(pipeline));
    }

    [Fact]
    public void After_an_agent_restart_reading_resumes_after_the_last_line_kept()
    {
        Write("old\n");
        using (var pipeline = NewPipeline())
        using (var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline))
        {
            tailer.Poll();
            Write("one\n");
            tailer.Poll();
            Assert.Equal(["one"], Sent(pipeline));
        }

        Write("written while the agent was stopped\n");
        using var restarted = NewPipeline();
        using var again = new LogFileTailer(TestConfigs.ServerId, LogPath, restarted);
        again.Poll();

        Assert.Equal(["one", "written while the agent was stopped"], Sent(restarted, rewind: true));
    }

    [Fact]
    public void A_burst_larger_than_the_buffer_waits_in_the_file_instead_of_overflowing()
    {
        using var pipeline = NewPipeline(new ConsoleLogOptions { BufferLines = 10 });
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);
        Write("");
        tailer.Poll();
        Write(string.Concat(Enumerable.Range(1, 25).Select(n => $"line {n}\n")));

        var sent = new List<string>();
        for (var poll = 0; poll < 3; poll++)
        {
            tailer.Poll();
            var batch = Sent(pipeline);
            sent.AddRange(batch);
            pipeline.Acknowledge(new AgentProtocol.LogAck { ServerId = TestConfigs.ServerId, Sequence = pipeline.BufferOf(TestConfigs.ServerId).NextSequence - 1 });
        }

        Assert.Equal(Enumerable.Range(1, 25).Select(n => $"line {n}"), sent);
    }

    [Fact]
    public void A_file_that_appears_later_is_read_from_its_start()
    {
        using var pipeline = NewPipeline();
        using var tailer = new LogFileTailer(TestConfigs.ServerId, LogPath, pipeline);
        tailer.Poll();

        Write("first\n");
        tailer.Poll();

        Assert.Equal(["first"], Sent(pipeline));
    }

    private void Write(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.AppendAllText(LogPath, text);
    }

    private ConsoleLogPipeline NewPipeline(ConsoleLogOptions? options = null)
    {
        var config = TestConfigs.Agent(_temp.Combine("state", "journal.jsonl"), [new GameServerConfig
        {
            Id = TestConfigs.ServerId,
            Name = "Test game",
            Kind = "7dtd-telnet",
            Address = new ServerAddress("127.0.0.1", 8081),
            Password = "secret",
            AllowedActions = [],
            LogFile = LogPath,
        }]);
        return new ConsoleLogPipeline(config, Options.Create(options ?? new ConsoleLogOptions()), _clock, NullLogger<ConsoleLogPipeline>.Instance);
    }

    private List<string> Sent(ConsoleLogPipeline pipeline, bool rewind = false)
    {
        if (rewind)
        {
            pipeline.Rewind();
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var lines = new List<string>();
        while (pipeline.TryTakeBatch(out var batch))
        {
            lines.AddRange(batch.Entries.Select(entry => entry.Text));
        }

        return lines;
    }
}
