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

    [Fact]
    public void The_rows_of_the_shown_page_are_read_once_and_rows_off_it_forget_their_load()
    {
        var board = new HostBoard();
        board.EndLoad(Enumerable.Range(0, 30).Select(i => new HostRow($"h{i}", $"Rack {i}", HostStatus.Online, null, At, [])));

        var first = board.BeginReadingLoads(0, 25);
        board.EndReadingLoads(first, first.ToDictionary(id => id, _ => Read("1.0")));
        var again = board.BeginReadingLoads(0, 25);
        var second = board.BeginReadingLoads(1, 25);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"h{i}"), first);
        Assert.Empty(again);
        Assert.Equal(Enumerable.Range(25, 5).Select(i => $"h{i}"), second);
        Assert.All(board.Hosts.Take(25), h => Assert.Null(h.Load));
    }

    [Fact]
    public void A_heartbeat_of_a_shown_row_is_its_latest_load_and_raises_its_minutes_point_to_the_peak()
    {
        var board = ShownBoard(Read("1.0", new HostLoadPoint(At, 50, 10, 10)));

        board.Apply(Metrics("h1", At.AddSeconds(12), cpu: 20, memory: 40));
        board.Apply(Metrics("h1", At.AddMinutes(1), cpu: 5, memory: 5));

        var load = Assert.Single(board.Hosts).Load!;
        Assert.Equal(new HostLoadPoint(At.AddMinutes(1), 5, 5, 0), load.Latest);
        Assert.Equal(new[] { new HostLoadPoint(At, 50, 40, 10), new HostLoadPoint(At.AddMinutes(1), 5, 5, 0) }, load.LastHour.AsEnumerable());
    }

    [Fact]
    public void Heartbeats_heard_while_the_load_is_read_are_kept_over_the_hosts_answer()
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);
        var asked = board.BeginReadingLoads(0, 25);

        board.Apply(Metrics("h1", At.AddSeconds(30), cpu: 90, memory: 10));
        board.EndReadingLoads(asked, new Dictionary<string, HostLoadRow> { ["h1"] = Read("2.0", new HostLoadPoint(At, 30, 20, 0)) });

        var load = Assert.Single(board.Hosts).Load!;
        Assert.Equal("2.0", load.AgentVersion);
        Assert.Equal(90, load.Latest!.Value.CpuPercent);
        Assert.Equal(new HostLoadPoint(At, 90, 20, 0), Assert.Single(load.LastHour));
        Assert.Empty(board.BeginReadingLoads(0, 25));
    }

    [Fact]
    public void A_row_the_host_did_not_answer_for_is_not_asked_for_again()
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);

        board.EndReadingLoads(board.BeginReadingLoads(0, 25), new Dictionary<string, HostLoadRow>());

        Assert.Empty(board.BeginReadingLoads(0, 25));
    }

    [Fact]
    public void A_host_that_goes_offline_has_no_latest_load_and_its_agents_new_version_comes_by_event_not_by_a_read()
    {
        var board = ShownBoard(Read("1.0", new HostLoadPoint(At, 50, 10, 10)) with { Latest = new HostLoadPoint(At, 50, 10, 10) });

        board.Apply(Status("h1", HostStatus.Offline));
        var offline = Assert.Single(board.Hosts).Load!;
        board.Apply(Status("h1", HostStatus.Online));
        board.Apply(Version("h1", "1.1", previous: "1.0"));

        Assert.Null(offline.Latest);
        Assert.Single(offline.LastHour);
        Assert.Equal("1.1", Assert.Single(board.Hosts).Load!.AgentVersion);
        Assert.Empty(board.BeginReadingLoads(0, 25));
    }

    [Fact]
    public void An_agent_version_heard_while_the_row_is_read_is_kept_over_the_hosts_older_answer()
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);
        var asked = board.BeginReadingLoads(0, 25);

        board.Apply(Version("h1", "2.1", previous: "2.0"));
        board.EndReadingLoads(asked, new Dictionary<string, HostLoadRow> { ["h1"] = Read("2.0") });

        Assert.Equal("2.1", Assert.Single(board.Hosts).Load!.AgentVersion);
    }

    [Fact]
    public void A_row_nobody_shows_folds_no_load()
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);

        board.Apply(Metrics("h1", At.AddSeconds(5), cpu: 20, memory: 20));

        Assert.Null(Assert.Single(board.Hosts).Load);
    }

    [Fact]
    public void A_shown_row_keeps_an_hour_of_points()
    {
        var board = ShownBoard(Read("1.0"));

        for (var minute = 0; minute < 70; minute++)
        {
            board.Apply(Metrics("h1", At.AddMinutes(minute), cpu: minute, memory: 0));
        }

        var points = Assert.Single(board.Hosts).Load!.LastHour;
        Assert.Equal(HostLoadPoint.PerHour, points.Length);
        Assert.Equal(At.AddMinutes(10), points[0].Minute);
        Assert.Equal(69, points[^1].CpuPercent);
    }

    private static HostBoard ShownBoard(HostLoadRow load)
    {
        var board = new HostBoard();
        board.EndLoad([new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [])]);
        board.EndReadingLoads(board.BeginReadingLoads(0, 25), new Dictionary<string, HostLoadRow> { ["h1"] = load });
        return board;
    }

    private static HostLoadRow Read(string version, params HostLoadPoint[] points) => new(version, null, [.. points], Read: true);

    private static HostMetricsReported Metrics(string hostId, DateTimeOffset at, int cpu, int memory) =>
        new("default", at, null, null, hostId, new HostMetrics(cpu, (ulong)memory, 100, 0, 100));

    private static HostAgentVersionChanged Version(string hostId, string version, string? previous) =>
        new("org", At, null, null, hostId, version, previous);

    private static HostStatusChanged Status(string hostId, HostStatus status) =>
        new("default", At, null, null, hostId, "Rack 1", status, null, null);

    private static GameServerHealthChanged Health(string hostId, string serverId, ServerHealth health) =>
        new("default", At, null, null, hostId, serverId, "Main", health, ServerHealth.Unknown, null);
}
