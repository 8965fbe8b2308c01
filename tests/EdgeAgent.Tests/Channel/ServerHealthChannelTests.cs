using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Configuration;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>Server health from the agent's probes over the real stream to the gateway double.</summary>
public sealed class ServerHealthChannelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "rcon-pw-health-9d1e";

    private readonly TempDirectory _temp = new();
    private readonly CapturingLoggerProvider _logs = new(output);
    private readonly SourceRconTestServer _game = new(Password, _ => "ok");
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(logs: new CapturingLoggerProvider(output));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _game.DisposeAsync();
        Assert.DoesNotContain(_logs.Lines.Snapshot(), line => line.Contains(Password, StringComparison.Ordinal));
        _temp.Dispose();
    }

    [Fact]
    public async Task Server_health_arrives_after_hello_and_each_new_stream_starts_with_the_latest_state()
    {
        await using var agent = await AgentHost.StartAsync(Config(), _logs);
        var first = await _gateway.Gateway.WaitForConnectionAsync(1);

        var up = await first.Received.WaitForAsync(message => message.ServerHealth?.State == ServerState.Up, "UP on stream 1");
        _game.StopListening();
        await first.Received.WaitForAsync(message => message.ServerHealth?.State == ServerState.Down, "DOWN on stream 1");
        first.Drop();
        var second = await _gateway.Gateway.WaitForConnectionAsync(2);
        await second.Received.WaitForAsync(message => message.ServerHealth is not null, "the replayed health on stream 2");

        Assert.Equal(TestConfigs.ServerId, up.ServerHealth.ServerId);
        Assert.NotNull(first.Received.Snapshot()[0].Hello);
        var replayed = second.Received.Snapshot();
        Assert.NotNull(replayed[0].Hello);
        var health = replayed.First(message => message.ServerHealth is not null).ServerHealth;
        Assert.Equal(ServerState.Down, health.State);
        Assert.Contains(TestConfigs.ServerId, health.Detail, StringComparison.Ordinal);
    }

    private AgentConfig Config() => new()
    {
        ControlPlaneUrl = new Uri(_gateway.Url),
        HostId = TestConfigs.HostId,
        Credential = TestConfigs.Credential,
        JournalPath = _temp.Combine("journal.jsonl"),
        HeartbeatInterval = TimeSpan.FromSeconds(30), // out of the way: the replay must come before any heartbeat
        HealthProbeInterval = TimeSpan.FromMilliseconds(200),
        Servers =
        [
            new GameServerConfig
            {
                Id = TestConfigs.ServerId,
                Name = "Test game",
                Kind = SourceRconAdapter.KindName,
                Address = new ServerAddress(_game.Host, _game.Port),
                Password = Password,
                AllowedActions = SourceRconAdapter.Actions,
            },
        ],
    };
}
