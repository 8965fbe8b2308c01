using System.Text;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Jobs;
using GameOps.EdgeAgent.Tests.Configuration;
using GameOps.EdgeAgent.Tests.SourceRcon;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>The agent's channel against a real gRPC gateway double on a loopback socket and a real RCON double.</summary>
public sealed class AgentChannelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "rcon-pw-c0ffee42";
    private const string StatusAnswer = "hostname: Channel test\nplayers : 3 humans\n";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _temp = new();
    private readonly CapturingLoggerProvider _logs = new(output);
    private readonly SourceRconTestServer _game = new(Password, command => command == "status" ? StatusAnswer : "ran:" + command);
    private GatewayHost _gateway = null!;

    private string JournalPath => _temp.Combine("journal.jsonl");

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(logs: new CapturingLoggerProvider(output));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _game.DisposeAsync();

        // Whatever a test did, no secret reached a log line.
        Assert.DoesNotContain(_logs.Lines.Snapshot(), line => line.Contains(TestConfigs.Credential, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines.Snapshot(), line => line.Contains(Password, StringComparison.Ordinal));
        _temp.Dispose();
    }

    private AgentConfig Config(TimeSpan? heartbeat = null) =>
        TestConfigs.Agent(JournalPath, [TestConfigs.Server(_game, Password)], _gateway.Url, heartbeat: heartbeat);

    private Task<AgentHost> StartAgentAsync(AgentConfig? config = null) => AgentHost.StartAsync(config ?? Config(), _logs);

    /// <summary>An agent without game servers whose reconnect delays are the shipped ones, on <paramref name="clock"/>.</summary>
    private Task<AgentHost> StartAgentWithProductionDelaysAsync(TimeProvider clock)
    {
        var shipped = new AgentChannelOptions();
        return AgentHost.StartAsync(TestConfigs.Agent(JournalPath, [], _gateway.Url), _logs, options =>
        {
            options.InitialReconnectDelay = shipped.InitialReconnectDelay;
            options.MaxReconnectDelay = shipped.MaxReconnectDelay;
            options.RefusedReconnectDelay = shipped.RefusedReconnectDelay;
        }, clock);
    }

    [Fact]
    public async Task Stream_presents_the_host_id_and_credential_as_metadata()
    {
        await using var agent = await StartAgentAsync();

        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        Assert.Equal(TestConfigs.HostId, connection.HostId);
        Assert.Equal("Bearer " + TestConfigs.Credential, connection.Authorization);
    }

    [Fact]
    public async Task Hello_comes_first_and_lists_servers_without_address_or_password()
    {
        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        await connection.Received.WaitForAsync(_ => true, "the first message");
        var hello = connection.Received.Snapshot()[0].Hello;

        Assert.NotNull(hello);
        Assert.Equal(TestConfigs.HostId, hello.HostId);
        Assert.False(string.IsNullOrEmpty(hello.AgentVersion));
        var server = Assert.Single(hello.Servers);
        Assert.Equal(TestConfigs.ServerId, server.Id);
        Assert.Equal("Test game", server.Name);
        Assert.Equal("source-rcon", server.Kind);
        Assert.Equal(["console.raw", "chat.say", "players.list"], server.Capabilities);
        var wire = Encoding.UTF8.GetString(hello.ToByteArray());
        Assert.DoesNotContain(Password, wire, StringComparison.Ordinal);
        Assert.DoesNotContain($":{_game.Port}", wire, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfigs.Credential, wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_stream_of_one_agent_process_carries_its_instance_id_and_another_process_has_its_own()
    {
        string firstInstance, againInstance;
        await using (var agent = await StartAgentAsync())
        {
            var first = await _gateway.Gateway.WaitForConnectionAsync(1);
            firstInstance = (await first.Received.WaitForAsync(message => message.Hello is not null, "Hello on stream 1")).Hello.InstanceId;
            first.Drop();
            var again = await _gateway.Gateway.WaitForConnectionAsync(2);
            againInstance = (await again.Received.WaitForAsync(message => message.Hello is not null, "Hello on stream 2")).Hello.InstanceId;
        }

        await using var other = await StartAgentAsync();
        var otherStream = await _gateway.Gateway.WaitForConnectionAsync(3);
        var otherInstance = (await otherStream.Received.WaitForAsync(message => message.Hello is not null, "Hello of another process")).Hello.InstanceId;

        Assert.Matches("^[0-9a-f]{32}$", firstInstance);
        Assert.Equal(firstInstance, againInstance);
        Assert.NotEqual(firstInstance, otherInstance);
    }

    [Fact]
    public async Task Heartbeats_arrive_with_host_metrics()
    {
        await using var agent = await StartAgentAsync(Config(heartbeat: TimeSpan.FromSeconds(1)));
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        var heartbeats = await connection.Received.WaitForCountAsync(message => message.Heartbeat is not null, 3, "three heartbeats");

        Assert.All(heartbeats, message => Assert.True(message.Heartbeat.MemoryTotalBytes > 0));
        Assert.All(heartbeats, message => Assert.True(message.Heartbeat.DiskTotalBytes > 0));
        Assert.True(heartbeats[2].Heartbeat.SentAt.ToDateTimeOffset() > heartbeats[0].Heartbeat.SentAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Assignment_is_acked_then_completed_with_the_games_answer()
    {
        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        connection.Assign(TestConfigs.Assignment("job-1", GameActions.PlayersList));
        var succeeded = await connection.WaitForUpdateAsync("job-1", JobPhase.Succeeded);

        Assert.Equal(StatusAnswer, succeeded.JobUpdate.Output);
        var jobMessages = connection.Received.Snapshot()
            .Where(message => message.Ack?.JobId == "job-1" || message.JobUpdate?.JobId == "job-1")
            .Select(message => message.Ack is not null ? "ack" : message.JobUpdate.Phase.ToString())
            .ToList();
        Assert.Equal(["ack", "Running", "Succeeded"], jobMessages);
        Assert.Equal(1, _game.ExecutionCount("status"));
    }

    [Fact]
    public async Task Refused_job_fails_with_the_policy_reason()
    {
        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        connection.Assign(TestConfigs.Assignment("job-1", GameActions.PlayersList, serverId: "elsewhere"));
        var failed = await connection.WaitForUpdateAsync("job-1", JobPhase.Failed);

        Assert.Equal("no game server 'elsewhere' on this host", failed.JobUpdate.Error);
    }

    [Fact]
    public async Task Dropped_stream_reconnects_and_resends_the_unacknowledged_result_until_acked()
    {
        await using var agent = await StartAgentAsync();
        var first = await _gateway.Gateway.WaitForConnectionAsync(1);
        first.Assign(TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "save")));
        await first.WaitForUpdateAsync("job-1", JobPhase.Succeeded);

        first.Drop();
        var second = await _gateway.Gateway.WaitForConnectionAsync(2);
        var resent = await second.WaitForUpdateAsync("job-1", JobPhase.Succeeded);

        Assert.Equal("ran:save", resent.JobUpdate.Output);
        Assert.NotNull(second.Received.Snapshot()[0].Hello);

        // The agent reads the ack before it sees the stream end, so the ack is recorded before it reconnects.
        second.Acknowledge("job-1");
        second.Drop();
        var third = await _gateway.Gateway.WaitForConnectionAsync(3);
        await third.Received.WaitForAsync(message => message.Heartbeat is not null, "a heartbeat on stream 3");

        // Re-sent results go out right after Hello and before the first heartbeat: none came.
        Assert.DoesNotContain(third.Received.Snapshot(), message => message.JobUpdate is not null);
        Assert.Equal(1, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Job_cancelled_before_it_arrives_is_answered_cancelled_and_never_run()
    {
        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);

        connection.Cancel("job-1");
        var cancelled = await connection.WaitForUpdateAsync("job-1", JobPhase.Cancelled);
        connection.Assign(TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "save")));
        await connection.Received.WaitForAsync(message => message.Ack?.JobId == "job-1", "the ack of the cancelled job");
        var answered = await connection.Received.WaitForAsync(
            message => message.JobUpdate?.JobId == "job-1" && message != cancelled, "the answer to the cancelled job's assignment");

        Assert.Equal(JobResult.CancelledError, cancelled.JobUpdate.Error);
        Assert.Equal(JobPhase.Cancelled, answered.JobUpdate.Phase);
        Assert.Equal(0, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Job_cancelled_after_it_finished_keeps_its_answer()
    {
        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);
        connection.Assign(TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "save")));
        await connection.WaitForUpdateAsync("job-1", JobPhase.Succeeded);

        connection.Cancel("job-1");
        connection.Cancel("");

        // The read loop handles messages in order: once the next job is acknowledged, both cancels were handled.
        connection.Assign(TestConfigs.Assignment("job-2", GameActions.PlayersList));
        await connection.Received.WaitForAsync(message => message.Ack?.JobId == "job-2", "the ack of the next job");

        Assert.DoesNotContain(connection.Received.Snapshot(), message => message.JobUpdate?.Phase == JobPhase.Cancelled);
        Assert.Equal(1, _game.ExecutionCount("save"));
    }

    [Fact]
    public async Task Redelivered_assignment_is_answered_from_the_journal_not_run_again()
    {
        await using var agent = await StartAgentAsync();
        var first = await _gateway.Gateway.WaitForConnectionAsync(1);
        var assignment = TestConfigs.Assignment("job-1", GameActions.ConsoleRaw, arguments: ("command", "kick bob"));
        first.Assign(assignment);
        await first.WaitForUpdateAsync("job-1", JobPhase.Succeeded);
        first.Drop();

        var second = await _gateway.Gateway.WaitForConnectionAsync(2);
        second.Assign(assignment);
        await second.Received.WaitForAsync(message => message.Ack?.JobId == "job-1", "the ack of the re-delivered job");
        var answer = await second.WaitForUpdateAsync("job-1", JobPhase.Succeeded);

        Assert.Equal("ran:kick bob", answer.JobUpdate.Output);
        Assert.Equal(1, _game.ExecutionCount("kick bob"));
        Assert.DoesNotContain(second.Received.Snapshot(), message => message.JobUpdate?.Phase == JobPhase.Running);
    }

    [Fact]
    public async Task Job_cut_short_by_a_restart_is_reported_failed_on_connect()
    {
        using (var journal = JobJournal.Open(JournalPath, NullLogger<JobJournal>.Instance, TimeProvider.System))
        {
            journal.Admit("job-crash", TestConfigs.ServerId, GameActions.ConsoleRaw);
        }

        await using var agent = await StartAgentAsync();
        var connection = await _gateway.Gateway.WaitForConnectionAsync(1);
        var failed = await connection.WaitForUpdateAsync("job-crash", JobPhase.Failed);

        Assert.Equal(JobJournal.InterruptedError(GameActions.ConsoleRaw), failed.JobUpdate.Error);
        Assert.Equal(0, _game.TotalExecutions);
    }

    [Fact]
    public async Task Refused_credential_is_retried_until_the_control_plane_accepts_it()
    {
        _gateway.Gateway.Refuse(StatusCode.Unauthenticated, "unknown host or wrong credential");
        await using var agent = await StartAgentAsync();

        await _gateway.Gateway.WaitForConnectionAsync(3);
        _gateway.Gateway.Accept();

        // Every stream numbered past the count at the switch was checked after it.
        var accepted = await _gateway.Gateway.WaitForConnectionAsync(_gateway.Gateway.Connections.Count + 1);
        await accepted.Received.WaitForAsync(message => message.Hello is not null, "Hello on the accepted stream");

        await _logs.Lines.WaitForAsync(
            line => line.Contains("the control plane refused this host's credential", StringComparison.OrdinalIgnoreCase), "the refusal in the log");
    }

    [Fact]
    public async Task After_a_long_outage_the_agent_is_back_within_five_seconds_of_the_control_plane()
    {
        var clock = new WaitRecordingTimeProvider();
        var start = clock.GetUtcNow();
        _gateway.Gateway.Refuse(StatusCode.Unavailable, "no healthy upstream");
        await using var agent = await StartAgentWithProductionDelaysAsync(clock);

        // Three minutes of failed attempts, the clock moved by exactly each wait the agent armed after one.
        var wait = await clock.NextWaitAsync(Patience);
        while (clock.GetUtcNow() - start < TimeSpan.FromMinutes(3))
        {
            clock.Advance(wait);
            wait = await clock.NextWaitAsync(Patience);
        }

        // The agent has just failed once more and waits before its next try: the control plane answers from now on.
        var attempts = _gateway.Gateway.Connections.Count;
        _gateway.Gateway.Accept();
        clock.Advance(wait);
        var connection = await _gateway.Gateway.WaitForConnectionAsync(attempts + 1);
        await connection.Received.WaitForAsync(message => message.Hello is not null, "Hello after the outage");

        Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stream_refused_because_another_agent_holds_the_host_is_logged_and_retried_at_the_refused_pace()
    {
        var clock = new WaitRecordingTimeProvider();
        _gateway.Gateway.Refuse(StatusCode.AlreadyExists, $"Another agent is connected as host '{TestConfigs.HostId}' and sent a heartbeat 1.2 s ago");
        await using var agent = await StartAgentWithProductionDelaysAsync(clock);

        var firstWait = await clock.NextWaitAsync(Patience);
        clock.Advance(firstWait);
        var secondWait = await clock.NextWaitAsync(Patience);
        _gateway.Gateway.Accept();
        clock.Advance(secondWait);
        var accepted = await _gateway.Gateway.WaitForConnectionAsync(3);
        await accepted.Received.WaitForAsync(message => message.Hello is not null, "Hello once the other agent is gone");

        var refused = new AgentChannelOptions().RefusedReconnectDelay;
        Assert.All([firstWait, secondWait], wait => Assert.InRange(wait, refused / 2, refused));
        Assert.Equal(2, _logs.Lines.Snapshot().Count(line =>
            line.Contains($"another agent is connected as host {TestConfigs.HostId}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tls_gateway_with_the_pinned_certificate_is_trusted()
    {
        using var certificate = CertificateFingerprintTests.SelfSigned("CN=gameops-gateway-test");
        await using var tls = await GatewayHost.StartAsync(certificate);
        var config = TestConfigs.Agent(JournalPath, [], tls.Url, CertificateFingerprint.Of(certificate));

        await using var agent = await StartAgentAsync(config);
        var connection = await tls.Gateway.WaitForConnectionAsync(1);

        Assert.StartsWith("https://", tls.Url, StringComparison.Ordinal);
        await connection.Received.WaitForAsync(message => message.Hello is not null, "Hello over TLS");
    }

    [Fact]
    public async Task Tls_gateway_with_any_other_certificate_is_refused()
    {
        using var certificate = CertificateFingerprintTests.SelfSigned("CN=gameops-gateway-test");
        using var pinned = CertificateFingerprintTests.SelfSigned("CN=gameops-gateway-test");
        await using var tls = await GatewayHost.StartAsync(certificate);
        var config = TestConfigs.Agent(JournalPath, [], tls.Url, CertificateFingerprint.Of(pinned));

        await using var agent = await StartAgentAsync(config);
        await _logs.Lines.WaitForCountAsync(line => line.Contains("not the pinned", StringComparison.Ordinal), 2, "two refused handshakes");

        Assert.True(tls.TcpConnections >= 2);
        Assert.Equal(0, tls.Gateway.Connections.Count);
    }
}
