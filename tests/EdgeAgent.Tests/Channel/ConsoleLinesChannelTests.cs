using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Configuration;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>Console lines over the real stream to the gateway double: behind everything else, and resent until acknowledged.</summary>
public sealed class ConsoleLinesChannelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly CapturingLoggerProvider _logs = new(output);
    private GatewayHost _gateway = null!;

    private string LogPath => _temp.Combine("game", "output_log.txt");

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(logs: new CapturingLoggerProvider(output));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_job_is_acknowledged_while_a_burst_of_lines_is_still_being_sent()
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs);
        var stream = await _gateway.Gateway.WaitForConnectionAsync(1);
        await WarmUpAsync(stream);

        // Some 80 MB of lines: the buffer's 10,000 lines of 8 KiB, in batches of about 64 KiB.
        var line = new string('x', 8000);
        await File.AppendAllLinesAsync(LogPath, Enumerable.Repeat(line, 10_000));
        await stream.Received.WaitForCountAsync(message => message.LogBatch is not null, 3, "the burst's first batches");
        stream.Assign(TestConfigs.Assignment("job-during-burst", GameActions.ServerTime, serverId: "navezgane"));
        await stream.Received.WaitForAsync(message => message.Ack?.JobId == "job-during-burst", "the job's ack", TimeSpan.FromSeconds(30));

        // The burst is some 1,200 batches; the ack waits behind the few already on their way, not behind the rest.
        var received = stream.Received.Snapshot().ToList();
        var batchesBeforeAck = received.TakeWhile(message => message.Ack?.JobId != "job-during-burst").Count(message => message.LogBatch is not null);
        Assert.InRange(batchesBeforeAck, 3, 10_000 * 8000 / (64 * 1024) / 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lines_not_acknowledged_are_sent_again_on_the_next_stream_and_acknowledged_ones_are_not(bool combined)
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs);
        var first = await _gateway.Gateway.WaitForConnectionAsync(1);
        await WarmUpAsync(first);
        await File.AppendAllLinesAsync(LogPath, ["one", "two", "three"]);
        var sent = await first.Received.WaitForAsync(message => message.LogBatch?.Entries.Any(entry => entry.Text == "three") == true, "line three");
        var two = sent.LogBatch.Entries.Single(entry => entry.Text == "two").Sequence;

        // The agent reads its stream in order: once the job behind the ack is acknowledged, the ack was applied.
        var ack = new LogAck { ServerId = "navezgane", Sequence = two };
        first.Send(combined ? new ControlMessage { LogAcks = new LogAcks { Acks = { ack } } } : new ControlMessage { LogAck = ack });
        first.Assign(TestConfigs.Assignment("job-after-ack", GameActions.ServerTime, serverId: "navezgane"));
        await first.Received.WaitForAsync(message => message.Ack?.JobId == "job-after-ack", "the job's ack");
        first.Drop();
        var second = await _gateway.Gateway.WaitForConnectionAsync(2);
        var resent = await second.Received.WaitForAsync(message => message.LogBatch is not null, "the resent lines");

        Assert.Equal(["three"], resent.LogBatch.Entries.Select(entry => entry.Text));
    }

    [Fact]
    public async Task The_hello_lists_combined_log_acks_and_a_control_message_of_an_unknown_kind_leaves_the_stream_up()
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs);
        var stream = await _gateway.Gateway.WaitForConnectionAsync(1);
        var hello = await stream.Received.WaitForAsync(message => message.Hello is not null, "the hello");

        // What an older agent meets when a newer control plane sends a kind it does not know: a oneof field it cannot
        // parse is kept as an unknown field, and the message has no kind.
        var unknown = ControlMessage.Parser.ParseFrom([0xCA, 0x06, 0x02, 0x08, 0x01]); // field 105, a message holding field 1 = 1
        stream.Send(unknown);
        stream.Assign(TestConfigs.Assignment("job-after-unknown", GameActions.ServerTime, serverId: "navezgane"));
        await stream.Received.WaitForAsync(message => message.Ack?.JobId == "job-after-unknown", "the job's ack");

        Assert.Equal(ControlMessage.KindOneofCase.None, unknown.KindCase);
        Assert.Contains(AgentFeatures.LogAcks, hello.Hello.Features);
        Assert.Contains(AgentFeatures.LogAckWindow, hello.Hello.Features);
        Assert.Equal(1, _gateway.Gateway.Connections.Count);
    }

    [Fact]
    public async Task Within_the_window_batches_go_before_their_acks_and_beyond_it_a_batch_that_is_not_full_waits_for_one()
    {
        var window = TimeSpan.FromSeconds(3);
        await using var agent = await AgentHost.StartAsync(Config(), _logs, console: options =>
        {
            options.AckWindow = window;
            options.AckWait = TimeSpan.FromMinutes(5);
        });
        var stream = await _gateway.Gateway.WaitForConnectionAsync(1);
        await WarmUpAsync(stream);

        // Received after it was sent: the window of the warm-up batch has shut once this has run for the window.
        var sinceFirstBatch = System.Diagnostics.Stopwatch.StartNew();

        // The warm-up batch is never acknowledged; within the window the next line goes all the same.
        await File.AppendAllLinesAsync(LogPath, ["one"]);
        var one = await stream.Received.WaitForAsync(message => Carries(message, "one"), "line one, before any acknowledgement", TimeSpan.FromSeconds(10));

        // Once the oldest unacknowledged batch is older than the window, a line waits for an acknowledgement.
        var shut = window - sinceFirstBatch.Elapsed + TimeSpan.FromMilliseconds(200);
        if (shut > TimeSpan.Zero)
        {
            await Task.Delay(shut);
        }

        await File.AppendAllLinesAsync(LogPath, ["two"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var heldBack = !stream.Received.Snapshot().Any(message => Carries(message, "two"));
        stream.Send(new ControlMessage { LogAck = new LogAck { ServerId = "navezgane", Sequence = one.LogBatch.Entries[^1].Sequence } });
        await stream.Received.WaitForAsync(message => Carries(message, "two"), "line two, after the acknowledgement", TimeSpan.FromSeconds(10));

        Assert.True(heldBack, "a batch that is not full went beyond the window without an acknowledgement");
    }

    [Fact]
    public async Task Batches_in_flight_without_acks_go_again_on_the_next_stream_after_the_last_ack_once_and_in_order()
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs, console: options =>
        {
            options.AckWindow = TimeSpan.FromMinutes(1);
            options.AckWait = TimeSpan.FromMinutes(5);
        });
        var first = await _gateway.Gateway.WaitForConnectionAsync(1);
        await WarmUpAsync(first);
        foreach (var wave in new[] { new[] { "a1", "a2" }, ["b1", "b2"], ["c1"] })
        {
            await File.AppendAllLinesAsync(LogPath, wave);
            await first.Received.WaitForAsync(message => Carries(message, wave[^1]), $"line {wave[^1]}, before any acknowledgement");
        }

        var a2 = first.Received.Snapshot().Single(message => Carries(message, "a2")).LogBatch.Entries.Single(entry => entry.Text == "a2").Sequence;
        first.Send(new ControlMessage { LogAck = new LogAck { ServerId = "navezgane", Sequence = a2 } });
        first.Assign(TestConfigs.Assignment("job-after-ack", GameActions.ServerTime, serverId: "navezgane"));
        await first.Received.WaitForAsync(message => message.Ack?.JobId == "job-after-ack", "the job's ack");
        first.Drop();
        var second = await _gateway.Gateway.WaitForConnectionAsync(2);
        await second.Received.WaitForAsync(message => Carries(message, "c1"), "the resent lines");

        var resent = second.Received.Snapshot().Where(message => message.LogBatch is not null).SelectMany(message => message.LogBatch.Entries).ToList();
        Assert.Equal(["b1", "b2", "c1"], resent.Select(entry => entry.Text));
        Assert.Equal([a2 + 1, a2 + 2, a2 + 3], resent.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Against_a_control_plane_that_acknowledges_every_batch_each_line_goes_once_in_order()
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs);
        var stream = await _gateway.Gateway.WaitForConnectionAsync(1);
        await WarmUpAsync(stream);
        using var stop = new CancellationTokenSource();
        var acknowledging = AcknowledgeEveryBatchAsync(stream, stop.Token);

        var lines = Enumerable.Range(1, 30).Select(n => $"line {n}").ToArray();
        foreach (var wave in lines.Chunk(3))
        {
            await File.AppendAllLinesAsync(LogPath, wave);
            await stream.Received.WaitForAsync(message => Carries(message, wave[^1]), $"{wave[^1]}");
        }

        await stop.CancelAsync();
        await acknowledging;
        var sent = stream.Received.Snapshot().Where(message => message.LogBatch is not null).SelectMany(message => message.LogBatch.Entries)
            .Where(entry => entry.Text.StartsWith("line ", StringComparison.Ordinal)).Select(entry => entry.Text);
        Assert.Equal(lines, sent);
        Assert.Equal(1, _gateway.Gateway.Connections.Count);
    }

    // What a control plane before ADR 0041 does: one acknowledgement for each batch, as soon as it is stored.
    private static async Task AcknowledgeEveryBatchAsync(GatewayConnection stream, CancellationToken stop)
    {
        for (var count = 1; ; count++)
        {
            IReadOnlyList<AgentMessage> batches;
            try
            {
                batches = await stream.Received.WaitForCountAsync(message => message.LogBatch is not null, count, $"batch {count}").WaitAsync(stop);
            }
            catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
            {
                return;
            }

            var batch = batches[count - 1].LogBatch;
            stream.Send(new ControlMessage { LogAck = new LogAck { ServerId = batch.ServerId, Sequence = batch.Entries[^1].Sequence } });
        }
    }

    private static bool Carries(AgentMessage message, string text) => message.LogBatch?.Entries.Any(entry => entry.Text == text) == true;

    /// <summary>The agent starts at the log file's end: writes a line until one arrives, so the agent surely follows the file.</summary>
    private async Task WarmUpAsync(GatewayConnection stream)
    {
        for (var attempt = 0; ; attempt++)
        {
            await File.AppendAllTextAsync(LogPath, "warming up\n");
            try
            {
                await stream.Received.WaitForAsync(message => message.LogBatch is not null, "a warm-up line", TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception) when (attempt < 30)
            {
                // Not followed yet.
            }
        }
    }

    private AgentConfig Config()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.WriteAllText(LogPath, "");
        return new AgentConfig
        {
            ControlPlaneUrl = new Uri(_gateway.Url),
            HostId = TestConfigs.HostId,
            Credential = TestConfigs.Credential,
            JournalPath = _temp.Combine("state", "journal.jsonl"),
            HeartbeatInterval = TimeSpan.FromSeconds(30),
            HealthProbeInterval = TimeSpan.Zero,
            Servers =
            [
                new GameServerConfig
                {
                    Id = "navezgane",
                    Name = "Test game",
                    Kind = SevenDaysTelnetAdapter.KindName,
                    Address = new ServerAddress("127.0.0.1", 9),
                    Password = "secret",
                    AllowedActions = SevenDaysTelnetAdapter.Actions,
                    LogFile = LogPath,
                },
            ],
        };
    }
}
