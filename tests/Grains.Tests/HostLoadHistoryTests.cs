using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;

namespace GameOps.Grains.Tests;

/// <summary>A host's last hour of load without a cluster: a point a minute holding its peak, at most an hour of them.</summary>
public sealed class HostLoadHistoryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Heartbeats_of_one_minute_make_one_point_with_each_figures_peak()
    {
        var history = new HostLoadHistory();

        history.Record(Point(Noon.AddSeconds(5), cpu: 80, memory: 20, disk: 50));
        history.Record(Point(Noon.AddSeconds(17.5), cpu: 10, memory: 40, disk: 50));
        history.Record(Point(Noon.AddSeconds(59.9), cpu: 30, memory: 30, disk: 51));

        Assert.Equal(new HostLoadPoint(Noon, 80, 40, 51), Assert.Single(history.LastHour(Noon.AddSeconds(59.9))));
    }

    [Fact]
    public void Points_are_oldest_first_and_a_minute_without_heartbeats_has_none()
    {
        var history = new HostLoadHistory();

        history.Record(Point(Noon, cpu: 1));
        history.Record(Point(Noon.AddMinutes(1), cpu: 2));
        history.Record(Point(Noon.AddMinutes(4), cpu: 3));

        Assert.Equal([Noon, Noon.AddMinutes(1), Noon.AddMinutes(4)], history.LastHour(Noon.AddMinutes(4)).Select(p => p.Minute));
        Assert.Equal([1, 2, 3], history.LastHour(Noon.AddMinutes(4)).Select(p => (int)p.CpuPercent));
    }

    [Fact]
    public void Two_hours_of_heartbeats_keep_the_last_sixty_minutes()
    {
        var history = new HostLoadHistory();
        for (var second = 0; second < 2 * 3600; second += 12)
        {
            history.Record(Point(Noon.AddSeconds(second), cpu: second / 60 % 100));
        }

        var now = Noon.AddHours(2).AddSeconds(-1);
        var points = history.LastHour(now);

        Assert.Equal(HostLoadPoint.PerHour, points.Length);
        Assert.Equal(Noon.AddMinutes(60), points[0].Minute);
        Assert.Equal(Noon.AddMinutes(119), points[^1].Minute);
        Assert.Equal(119 % 100, points[^1].CpuPercent);
    }

    [Fact]
    public void Points_older_than_an_hour_are_not_answered_after_the_agent_went_quiet()
    {
        var history = new HostLoadHistory();
        history.Record(Point(Noon, cpu: 5));
        history.Record(Point(Noon.AddMinutes(30), cpu: 6));

        Assert.Equal([Noon.AddMinutes(30)], history.LastHour(Noon.AddMinutes(60)).Select(p => p.Minute));
        Assert.Equal(2, history.LastHour(Noon.AddMinutes(59)).Length);
        Assert.Empty(history.LastHour(Noon.AddMinutes(90)));
    }

    [Fact]
    public void A_heartbeat_stamped_before_the_newest_minute_counts_in_the_newest()
    {
        var history = new HostLoadHistory();
        history.Record(Point(Noon.AddMinutes(2), cpu: 10));

        history.Record(Point(Noon.AddMinutes(1), cpu: 90));

        Assert.Equal(new HostLoadPoint(Noon.AddMinutes(2), 90, 0, 0), Assert.Single(history.LastHour(Noon.AddMinutes(2))));
    }

    [Fact]
    public void An_hour_of_heartbeats_costs_the_host_a_few_hundred_bytes_allocated_once()
    {
        // Every connected host holds one: 10,000 on a silo, against the ~30-40 KiB an agent costs it in all.
        var points = Enumerable.Range(0, 300).Select(i => Point(Noon.AddSeconds(12.5 * i), cpu: i % 100)).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var history = new HostLoadHistory();
        foreach (var point in points)
        {
            history.Record(point);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 1, 300);
        Assert.Equal(HostLoadPoint.PerHour, history.LastHour(points[^1].Minute).Length);
    }

    [Fact]
    public void A_history_never_recorded_is_empty()
    {
        Assert.Empty(new HostLoadHistory().LastHour(Noon));
    }

    [Theory]
    [InlineData(42.5, 43)]
    [InlineData(-3, 0)]
    [InlineData(250, 100)]
    [InlineData(double.NaN, 0)]
    public void Cpu_is_a_whole_percent_between_0_and_100(double reported, int percent)
    {
        Assert.Equal(percent, HostLoadPoint.Of(Noon, new HostMetrics(reported, 0, 0, 0, 0)).CpuPercent);
    }

    [Fact]
    public void Memory_and_disk_are_the_used_share_of_the_total_and_0_without_a_total()
    {
        var point = HostLoadPoint.Of(Noon.AddSeconds(42), new HostMetrics(0, 2UL << 30, 8UL << 30, 1, 0));

        Assert.Equal(new HostLoadPoint(Noon, 0, 25, 0), point);
    }

    private static HostLoadPoint Point(DateTimeOffset at, int cpu = 0, int memory = 0, int disk = 0) =>
        HostLoadPoint.Of(at, new HostMetrics(cpu, (ulong)memory, 100, (ulong)disk, 100));
}
