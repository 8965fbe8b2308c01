using System.Diagnostics;
using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Agents;

/// <summary>
/// N agents connected at once, heartbeating every 5 s at random phases, no jobs: heartbeat lag, the silo's CPU
/// for keeping them, and its memory per connected agent.
/// </summary>
public static class HeartbeatScenario
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <param name="hold">How long to keep everything connected after the readings, to inspect the silo (profilers, dumps).</param>
    public static async Task<RunResult> RunAsync(int agents, string durability, TimeSpan duration, TimeSpan settle, TextWriter log, TimeSpan hold = default)
    {
        using var folder = new TempDirectory();

        // Registering thousands of hosts is set-up, not the measurement: it runs without disk syncs, then the silo
        // restarts with the run's settings so no grain is active when the empty baseline is read.
        var setupClock = Stopwatch.StartNew();
        await using var silo = await BenchSilo.StartAsync(folder.Path, SiloSettings.For(SiloSettings.Normal));
        var hosts = await silo.CreateHostsAsync(agents, parallel: 32);
        var registerSeconds = setupClock.Elapsed.TotalSeconds;
        log.WriteLine($"# heartbeats: registered {agents} hosts in {registerSeconds:0.0} s");

        // Players probes off: each server's probe after its agent's Hello is a job, and 10,000 of them within 30 s of
        // connecting would fall into the window and be counted as the heartbeats' cost.
        await silo.RestartAsync([.. SiloSettings.For(durability), "--GameOps:Players:Probe=false"]);

        var empty = await silo.SettledMemoryAsync(settle);
        var emptyRss = empty.ResidentBytes;
        log.WriteLine($"# heartbeats: silo pid {silo.Pid}, RSS with no agent {emptyRss / 1048576.0:0.0} MiB");

        // Heartbeats start with the connections, as a real agent's do from its Hello: agents that connect early must
        // not go silent for longer than the silo's heartbeat timeout while the rest connect.
        var sampled = hosts.Take(Math.Min(agents, 500)).Select(h => h.Host.Id);
        var probe = new HeartbeatProbe(sampled);
        using var stop = new CancellationTokenSource();
        await using var fleet = AgentFleet.Create(silo.GatewayAddress, hosts, packStreams: true);
        var scheduler = new HeartbeatScheduler(fleet.Agents, Period, probe.OnSent);
        var beating = scheduler.RunAsync(stop.Token);
        using var probeClient = silo.CreateClient(16);
        var probing = probe.RunAsync(probeClient, stop.Token);

        // A tenth first, and memory read there too: the slope between the two readings is what one more agent costs,
        // free of whatever the first connections initialize once (pools, metric streams, code).
        var firstCount = Math.Max(1, agents / 10);
        await fleet.ConnectAsync(firstCount, parallel: 100);
        await JobScenario.WaitUntilOnlineAsync(silo, firstCount, TimeSpan.FromMinutes(1), () => $"Agent streams ended: {fleet.Failures()}.");
        var partial = await silo.SettledMemoryAsync(settle);

        var connectClock = Stopwatch.StartNew();
        await fleet.ConnectAllAsync(parallel: 100);
        await JobScenario.WaitUntilOnlineAsync(silo, agents, TimeSpan.FromMinutes(3), () => $"Agent streams ended: {fleet.Failures()}.");
        var connectSeconds = connectClock.Elapsed.TotalSeconds;
        log.WriteLine($"# heartbeats: {agents} agents online ({agents - firstCount} of them in {connectSeconds:0.0} s)");

        // One whole period first, so every agent has heartbeated and the rate is steady.
        await Task.Delay(Period);
        var metricsBefore = await silo.ScrapeMetricsAsync();
        var beatsBefore = scheduler.Heartbeats;
        var readsBefore = probe.Reads;
        var window = CpuWindow.Start(silo.Pid);
        probe.Recording = true;
        await Task.Delay(duration);
        probe.Recording = false;
        var cpu = window.Stop();
        var beats = scheduler.Heartbeats - beatsBefore;
        var probeReads = probe.Reads - readsBefore;
        var metricsAfter = await silo.ScrapeMetricsAsync();
        var liveRss = ProcessSampler.ResidentBytes(silo.Pid);

        // Let the last probes land, then the memory reading, with the agents still connected and heartbeating.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var connected = await silo.SettledMemoryAsync(settle);
        var connectedRss = connected.ResidentBytes;
        if (hold > TimeSpan.Zero)
        {
            log.WriteLine($"# heartbeats: holding {agents} agents connected for {hold.TotalSeconds} s (silo pid {silo.Pid})");
            await Task.Delay(hold);
        }

        var (dropped, firstDrop) = fleet.Failures();
        await stop.CancelAsync();
        await beating;
        await probing;

        var probeLag = probe.Lag;
        var fromMetrics = metricsAfter is null ? null : PrometheusHistogram.Parse(metricsAfter, "heartbeat_lag")?
            .Since(metricsBefore is null ? null : PrometheusHistogram.Parse(metricsBefore, "heartbeat_lag"));
        var extra = new Dictionary<string, double>
        {
            ["heartbeatsPerSecond"] = Math.Round(beats / cpu.Seconds, 1),
            ["heartbeatFailures"] = scheduler.Failures,
            ["probeSamples"] = probeLag.Count,
            ["probeMissed"] = probe.Missed,
            ["probeNotPassedOn"] = probe.NotPassedOn,
            ["probeP50Ms"] = RunResult.Round(probeLag.PercentileMilliseconds(0.5)) ?? double.NaN,
            ["probeP99Ms"] = RunResult.Round(probeLag.PercentileMilliseconds(0.99)) ?? double.NaN,
            ["probeMaxMs"] = probeLag.MaxMicroseconds / 1000.0,
            ["emptyRssBytes"] = emptyRss,
            ["connectedRssBytes"] = connectedRss,
            ["emptyManagedHeapBytes"] = empty.ManagedHeapBytes,
            ["connectedManagedHeapBytes"] = connected.ManagedHeapBytes,
            ["managedHeapPerAgentBytes"] = Math.Round((connected.ManagedHeapBytes - empty.ManagedHeapBytes) / (double)agents, 0),
            ["partialAgents"] = firstCount,
            ["partialRssBytes"] = partial.ResidentBytes,
            ["marginalRssPerAgentBytes"] = agents > firstCount ? Math.Round((connectedRss - partial.ResidentBytes) / (double)(agents - firstCount), 0) : double.NaN,
            ["marginalManagedHeapPerAgentBytes"] = agents > firstCount ? Math.Round((connected.ManagedHeapBytes - partial.ManagedHeapBytes) / (double)(agents - firstCount), 0) : double.NaN,
            ["liveRssBytes"] = liveRss,
            ["registerSeconds"] = Math.Round(registerSeconds, 1),
            ["connectSeconds"] = Math.Round(connectSeconds, 1),
            ["connectedPerSecond"] = Math.Round((agents - firstCount) / connectSeconds, 0),
            ["agentStreamsDropped"] = dropped,
        };
        foreach (var (key, value) in HeartbeatCosts.Between(metricsBefore, metricsAfter, beats, probeReads))
        {
            extra[key] = value;
        }

        double? heartbeatP99;
        string source;
        if (fromMetrics is { Count: > 0 } histogram)
        {
            var (estimate, bound) = histogram.Quantile(0.99);
            heartbeatP99 = Math.Round(estimate * 1000, 3);
            source = "silo /metrics heartbeat-lag histogram (interpolated)";
            extra["metricsP99BucketBoundMs"] = bound * 1000;
            extra["metricsSamples"] = histogram.Count;
        }
        else
        {
            heartbeatP99 = RunResult.Round(probeLag.PercentileMilliseconds(0.99));
            source = "generator probe (GET /hosts/{id} lastHeartbeatAt - sent_at); /metrics had no heartbeat-lag histogram";
        }

        return new RunResult
        {
            Run = "heartbeats",
            Operation = "heartbeat every 5 s",
            Agents = agents,
            Callers = 0,
            Durability = durability,
            HeartbeatP99Ms = heartbeatP99,
            HeartbeatSource = source,
            SiloRssBytes = connectedRss,
            RssPerAgentBytes = Math.Round((connectedRss - emptyRss) / (double)agents, 0),
            MeasuredSeconds = Math.Round(cpu.Seconds, 2),
            Operations = beats,
            Extra = extra,
            Note = firstDrop is null ? null : $"agent stream ended: {firstDrop}",
        }.WithServerCosts(cpu, beats);
    }
}
