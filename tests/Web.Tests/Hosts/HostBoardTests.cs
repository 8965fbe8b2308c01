using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Web.Hosts;

namespace GameOps.Web.Tests.Hosts;

public sealed class HostBoardTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_that_arrives_while_the_snapshot_is_read_is_applied_over_it()
    {
        var board = new HostBoard();
        board.BeginLoad();

        board.Apply(Status("h1", HostStatus.Online));
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Pending, null, null, [])]);

        Assert.Equal(HostStatus.Online, Assert.Single(board.Hosts).Status);
    }

    [Fact]
    public void A_new_host_event_adds_the_host_and_a_health_event_adds_then_updates_its_server()
    {
        var board = new HostBoard();
        board.EndLoad([]);

        board.Apply(Status("h1", HostStatus.Pending));
        board.Apply(Health("h1", "main", ServerHealth.Down));
        board.Apply(Health("h1", "main", ServerHealth.Up));

        var host = Assert.Single(board.Hosts);
        Assert.Equal(HostStatus.Pending, host.Status);
        Assert.Equal(ServerHealth.Up, Assert.Single(host.Servers).Health);
    }

    [Fact]
    public void A_heartbeat_never_moves_the_last_heartbeat_back()
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);

        board.Apply(new HostMetricsReported("default", At.AddSeconds(-5), null, null, "h1", new HostMetrics(1, 1, 1, 1, 1)));

        Assert.Equal(At, Assert.Single(board.Hosts).LastHeartbeatAt);
    }

    private static HostStatusChanged Status(string hostId, HostStatus status) =>
        new("default", At, null, null, hostId, "Rack 1", status, null, null);

    private static GameServerHealthChanged Health(string hostId, string serverId, ServerHealth health) =>
        new("default", At, null, null, hostId, serverId, "Main", health, ServerHealth.Unknown, null);
}
