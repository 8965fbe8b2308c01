using GameOps.EdgeAgent.Channel;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.EdgeAgent.Tests.Channel;

public sealed class HostMetricsSamplerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Cpu_is_the_busy_share_of_the_time_since_the_previous_sample()
    {
        var stat = _temp.Combine("stat");
        var sampler = new HostMetricsSampler(NullLogger<HostMetricsSampler>.Instance, _temp.Path, stat, _temp.Combine("meminfo"));

        // user nice system idle iowait irq softirq steal guest guest_nice (proc(5)).
        File.WriteAllText(stat, "cpu  100 0 100 700 100 0 0 0 50 0\ncpu0 100 0 100 700 100 0 0 0 50 0\n");
        Assert.Equal(20, sampler.Sample().CpuPercent, precision: 6);

        // +150 busy (user, system, irq), +50 idle and iowait: 75 %.
        File.WriteAllText(stat, "cpu  200 0 140 740 110 10 0 0 80 0\n");
        Assert.Equal(75, sampler.Sample().CpuPercent, precision: 6);
    }

    [Fact]
    public void Memory_used_is_total_minus_available()
    {
        var meminfo = _temp.Combine("meminfo");
        File.WriteAllText(meminfo, "MemTotal:       16000 kB\nMemFree:         1000 kB\nMemAvailable:    6000 kB\nBuffers:          500 kB\n");
        var sampler = new HostMetricsSampler(NullLogger<HostMetricsSampler>.Instance, _temp.Path, _temp.Combine("stat"), meminfo);

        var metrics = sampler.Sample();

        Assert.Equal(16000UL * 1024, metrics.MemoryTotalBytes);
        Assert.Equal(10000UL * 1024, metrics.MemoryUsedBytes);
    }

    [Fact]
    public void Missing_sources_give_zeros_not_errors()
    {
        var sampler = new HostMetricsSampler(
            NullLogger<HostMetricsSampler>.Instance, _temp.Combine("no-such-dir"), _temp.Combine("no-stat"), _temp.Combine("no-meminfo"));

        var metrics = sampler.Sample();

        Assert.Equal(default, metrics);
    }

    [Fact]
    public void This_hosts_proc_files_and_disk_are_read()
    {
        var sampler = new HostMetricsSampler(NullLogger<HostMetricsSampler>.Instance, _temp.Path);

        var metrics = sampler.Sample();

        Assert.True(metrics.MemoryTotalBytes > 0);
        Assert.InRange(metrics.MemoryUsedBytes, 1UL, metrics.MemoryTotalBytes);
        Assert.True(metrics.DiskTotalBytes > 0);
        Assert.InRange(metrics.CpuPercent, 0, 100);
    }
}
