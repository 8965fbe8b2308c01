using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using GameOps.EdgeAgent.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Health;

/// <summary>The health monitor against the Source RCON double: up, down when it stops, hung when it freezes, up again.</summary>
public sealed class ServerHealthMonitorTests : IAsyncLifetime
{
    private const string Password = "health-pw-71c3";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    // Short where a test waits for HUNG; elsewhere long, so that a busy machine cannot make a healthy double look hung.
    private static readonly TimeSpan ShortProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly SourceRconTestServer _game = new(Password, _ => "ok");
    private readonly SourceRconAdapter _adapter = new(NullLoggerFactory.Instance, TimeProvider.System);
    private readonly RecordingOutbox _outbox = new();
    private readonly ServerHealthBoard _board = new();
    private ServerHealthMonitor? _monitor;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_monitor is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _monitor.StopAsync(timeout.Token);
            _monitor.Dispose();
        }

        await _adapter.DisposeAsync();
        await _game.DisposeAsync();
        Assert.DoesNotContain(_outbox.Health(), health => health.Detail.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answering_console_is_reported_up_with_every_probe_so_its_last_check_stays_fresh()
    {
        await StartAsync();

        var up = await _outbox.WaitForAsync(ServerState.Up, "UP");
        var third = await _outbox.WaitForAsync(ServerState.Up, "UP, three times", count: 3);

        Assert.Equal("game", up.ServerHealth.ServerId);
        Assert.Equal(string.Empty, up.ServerHealth.Detail);
        Assert.True(up.ServerHealth.CheckedAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(third.ServerHealth.CheckedAt.ToDateTimeOffset() > up.ServerHealth.CheckedAt.ToDateTimeOffset());
        Assert.All(_outbox.Health(), health => Assert.Equal(ServerState.Up, health.State));
        Assert.Equal(0, _game.TotalExecutions); // the Source probe is the mirrored empty packet: no console command runs
    }

    [Fact]
    public async Task Server_that_stays_down_is_logged_when_it_goes_down_then_once_a_minute_without_stack_traces()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        await using var teeworlds = new TeeworldsEconAdapter(loggers, clock, NullConsoleLineSink.Instance);
        var interval = TimeSpan.FromSeconds(5);
        await StartAsync(adapter: teeworlds, interval: interval, clock: clock, loggers: loggers, address: new ServerAddress("127.0.0.1", TestPorts.Free()));

        // Two and a half minutes of refused probes, one every 5 s on the fake clock: 30 probes.
        for (var probe = 1; probe <= 30; probe++)
        {
            await _outbox.WaitForAsync(ServerState.Down, $"DOWN, probe {probe}", count: probe);
            if (probe < 30)
            {
                clock.Advance(interval);
            }
        }

        var logged = logs.Lines.Snapshot().Where(line => !line.StartsWith("Debug ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, logged.Count); // the change at 0:00, then 1:00 and 2:00
        Assert.Contains("Game server game is now Down could not connect to the econ of game server 'game' (ConnectionRefused)", logged[0], StringComparison.Ordinal);
        Assert.All(logged.Skip(1), line => Assert.Contains("Game server game is still Down (since ", line, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines.Snapshot(), line => line.Contains(Environment.NewLine, StringComparison.Ordinal)); // no exception, no stack trace
        Assert.Equal(30, _outbox.Health().Count);
    }

    [Fact]
    public async Task Stopped_console_is_down_with_every_probe_then_up_when_it_returns()
    {
        await StartAsync();
        await _outbox.WaitForAsync(ServerState.Up, "UP");

        _game.StopListening();
        var refused = await _outbox.WaitForAsync(
            health => health.State == ServerState.Down && health.Detail.Contains("ConnectionRefused", StringComparison.Ordinal),
            "DOWN, three times",
            count: 3);
        // Counted, not assumed to be 1: on a busy machine more than one probe can answer before the console stops.
        var upsBefore = UpCount();
        _game.StartListening();
        await _outbox.WaitForAsync(ServerState.Up, "UP again", count: upsBefore + 1);

        Assert.Equal("could not connect to game server 'game' (ConnectionRefused)", refused.ServerHealth.Detail);
        var states = _outbox.Health().Select(health => health.State).ToList();
        Assert.Equal([ServerState.Up, ServerState.Down, ServerState.Up], states.Where((state, i) => i == 0 || states[i - 1] != state));
    }

    [Fact]
    public async Task Frozen_console_is_hung_then_up_when_it_thaws()
    {
        await StartAsync(probeTimeout: ShortProbeTimeout);
        await _outbox.WaitForAsync(ServerState.Up, "UP");

        _game.Frozen = true;
        var hung = await _outbox.WaitForAsync(ServerState.Hung, "HUNG, twice", count: 2);
        var upsBefore = UpCount();
        _game.Frozen = false;
        await _outbox.WaitForAsync(ServerState.Up, "UP again", count: upsBefore + 1);

        Assert.Equal("the console accepted the connection but did not answer within 1 s", hung.ServerHealth.Detail);
    }

    private int UpCount() => _outbox.Health().Count(health => health.State == ServerState.Up);

    [Fact]
    public async Task Refused_password_is_down_with_a_message_that_hides_it()
    {
        await StartAsync(password: "not-the-password-7f3a");

        var down = await _outbox.WaitForAsync(ServerState.Down, "DOWN");

        Assert.Equal("game server 'game' refused the RCON password configured on this host", down.ServerHealth.Detail);
        Assert.DoesNotContain("not-the-password-7f3a", down.ServerHealth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_that_ignores_cancellation_is_still_hung_at_the_timeout()
    {
        var stuck = new FakeAdapter((_, _) => new TaskCompletionSource().Task);
        await StartAsync(adapter: stuck, probeTimeout: ShortProbeTimeout);

        var hung = await _outbox.WaitForAsync(ServerState.Hung, "HUNG");

        Assert.StartsWith("the console accepted the connection but did not answer", hung.ServerHealth.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_fault_is_down_without_its_message_which_could_hold_anything()
    {
        var broken = new FakeAdapter((server, _) => throw new InvalidOperationException("bug near " + server.Password));
        await StartAsync(adapter: broken);

        var down = await _outbox.WaitForAsync(ServerState.Down, "DOWN");

        Assert.Equal("the agent's fake adapter failed unexpectedly (InvalidOperationException); see the agent's log", down.ServerHealth.Detail);
    }

    [Fact]
    public async Task Board_replays_the_latest_state_of_every_server_for_a_new_stream()
    {
        await StartAsync();
        await _outbox.WaitForAsync(ServerState.Up, "UP");
        _game.StopListening();
        await _outbox.WaitForAsync(ServerState.Down, "DOWN");

        var replayed = _board.MessagesForNewStream().Single().ServerHealth;

        Assert.Equal("game", replayed.ServerId);
        Assert.Equal(_board.Latest("game")!.State, replayed.State);
    }

    [Fact]
    public async Task Probe_interval_of_zero_turns_the_probe_off()
    {
        await StartAsync(interval: TimeSpan.Zero);

        await _monitor!.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(_outbox.Health());
        Assert.Equal(0, _game.PacketsReceived);
    }

    private async Task StartAsync(
        string password = Password,
        IGameAdapter? adapter = null,
        TimeSpan? interval = null,
        TimeSpan? probeTimeout = null,
        TimeProvider? clock = null,
        ILoggerFactory? loggers = null,
        ServerAddress? address = null)
    {
        var server = new GameServerConfig
        {
            Id = "game",
            Name = "Test game",
            Kind = adapter?.Kind ?? SourceRconAdapter.KindName,
            Address = address ?? new ServerAddress(_game.Host, _game.Port),
            Password = password,
            AllowedActions = SourceRconAdapter.Actions,
        };
        var config = new AgentConfig
        {
            ControlPlaneUrl = new Uri("http://127.0.0.1:9"),
            HostId = TestConfigs.HostId,
            Credential = TestConfigs.Credential,
            JournalPath = "/unused/journal.jsonl",
            HealthProbeInterval = interval ?? Interval,
            Servers = [server],
        };
        _monitor = new ServerHealthMonitor(
            config,
            new GameAdapterRegistry([adapter ?? _adapter]),
            _board,
            _outbox,
            Options.Create(new ServerHealthOptions { ProbeTimeout = probeTimeout ?? LongProbeTimeout }),
            clock ?? TimeProvider.System,
            (loggers ?? NullLoggerFactory.Instance).CreateLogger<ServerHealthMonitor>());
        await _monitor.StartAsync(CancellationToken.None);
    }

    // Each Source probe is one packet to the double (the empty RESPONSE_VALUE), after the one auth packet.
    private Task<int> WaitForProbesAsync(int probes) =>
        Eventually.ReadAsync(() => Task.FromResult(_game.PacketsReceived), received => received >= 1 + probes, TimeSpan.FromSeconds(10));

    private sealed class FakeAdapter(Func<GameServerConfig, CancellationToken, Task> probe) : IGameAdapter
    {
        public string Kind => "fake";

        public IReadOnlyList<string> SupportedActions => [];

        public Task<GameResult> ExecuteAsync(
            GameServerConfig server, string action, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task ProbeAsync(GameServerConfig server, CancellationToken cancellationToken) => probe(server, cancellationToken);
    }
}
