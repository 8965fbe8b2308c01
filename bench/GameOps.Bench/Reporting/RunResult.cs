using System.Text.Json;
using System.Text.Json.Serialization;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Reporting;

/// <summary>One run's figures: printed as one JSON line, and a row in docs/benchmarks.md.</summary>
public sealed record RunResult
{
    private static readonly JsonSerializerOptions LineFormat = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Which run: <c>jobs</c>, <c>echo</c>, <c>heartbeats</c>, <c>realistic</c>, <c>stage:…</c>.</summary>
    public required string Run { get; init; }

    /// <summary>What one operation is: a job's round trip, an echo, a REST call.</summary>
    public required string Operation { get; init; }

    public int Agents { get; init; }

    public int Callers { get; init; }

    /// <summary>SQLite's synchronous mode the silo ran with (Full is the default), when a silo ran.</summary>
    public string? Durability { get; init; }

    /// <summary>Operations per second (jobs for job runs, round trips for the echo).</summary>
    public double? JobsPerSecond { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public double? P999Ms { get; init; }

    public double? MeanMs { get; init; }

    public long Operations { get; init; }

    public long Failures { get; init; }

    public double? HeartbeatP99Ms { get; init; }

    /// <summary>Where the heartbeat figure comes from: the silo's /metrics histogram or the generator's probe.</summary>
    public string? HeartbeatSource { get; init; }

    /// <summary>The measured server's CPU (the silo, or the echo server) in percent of one core.</summary>
    public double? SiloCpuPercent { get; init; }

    /// <summary>The measured server's CPU time per operation, in microseconds.</summary>
    public double? SiloCpuMicrosPerOp { get; init; }

    /// <summary>The measured server's user-mode CPU time per operation, in microseconds.</summary>
    public double? SiloUserMicrosPerOp { get; init; }

    /// <summary>The measured server's kernel CPU time per operation, in microseconds.</summary>
    public double? SiloKernelMicrosPerOp { get; init; }

    /// <summary>The measured server's voluntary context switches per operation (a thread waited), summed over its threads.</summary>
    public double? VoluntarySwitchesPerOp { get; init; }

    /// <summary>The measured server's involuntary context switches per operation (a thread was preempted).</summary>
    public double? InvoluntarySwitchesPerOp { get; init; }

    /// <summary>The measured server's threads at the end of the window, and how many of them are .NET thread-pool workers.</summary>
    public int? SiloThreads { get; init; }

    public int? ThreadPoolThreads { get; init; }

    /// <summary>Threads of the measured server that ended inside the window: their switches in it are not counted.</summary>
    public int? SiloThreadsEnded { get; init; }

    public long? SiloRssBytes { get; init; }

    public double? RssPerAgentBytes { get; init; }

    /// <summary>The load generator's (and agent's) CPU in percent of one core.</summary>
    public double? BenchCpuPercent { get; init; }

    /// <summary>CPU used by neither the silo nor the benchmark: how busy the rest of the machine was.</summary>
    public double? OtherCpuPercent { get; init; }

    public double MeasuredSeconds { get; init; }

    /// <summary>Further figures a run has (agent RSS, fsync latency, registration time, ...).</summary>
    public Dictionary<string, double>? Extra { get; init; }

    public string? Note { get; init; }

    public string ToJsonLine() => JsonSerializer.Serialize(this, LineFormat);

    /// <summary>The common fields of a closed-loop run.</summary>
    public static RunResult From(string run, string operation, int agents, int callers, string? durability, DriverResult driver, CpuUsage cpu) => new RunResult
    {
        Run = run,
        Operation = operation,
        Agents = agents,
        Callers = callers,
        Durability = durability,
        JobsPerSecond = Math.Round(driver.PerSecond, 1),
        P50Ms = Round(driver.Latency.PercentileMilliseconds(0.50)),
        P99Ms = Round(driver.Latency.PercentileMilliseconds(0.99)),
        P999Ms = Round(driver.Latency.PercentileMilliseconds(0.999)),
        MeanMs = Round(driver.Latency.MeanMilliseconds()),
        Operations = driver.Latency.Count,
        Failures = driver.Failures,
        MeasuredSeconds = Math.Round(driver.Seconds, 2),
        Note = driver.FirstError is { } error ? $"first error: {error}" : null,
    }.WithServerCosts(cpu, driver.Latency.Count);

    /// <summary>
    /// The measured server's CPU (in all, user and kernel), context switches and threads, per operation where they add up,
    /// and the benchmark's and the rest of the machine's CPU, from one window of <paramref name="operations"/>.
    /// </summary>
    public RunResult WithServerCosts(CpuUsage cpu, double operations)
    {
        double? PerOp(double value, double scale = 1) => operations > 0 ? Math.Round(value * scale / operations, 2) : null;
        var silo = cpu.Silo;
        var tick = 1e6 / ProcessSampler.ClockTicksPerSecond;
        return this with
        {
            SiloCpuPercent = Math.Round(cpu.SiloPercent, 1),
            SiloCpuMicrosPerOp = operations > 0 ? Math.Round(cpu.SiloCpuSeconds * 1e6 / operations, 1) : null,
            SiloUserMicrosPerOp = silo is null ? null : PerOp(silo.UserTicks, tick),
            SiloKernelMicrosPerOp = silo is null ? null : PerOp(silo.KernelTicks, tick),
            VoluntarySwitchesPerOp = silo is null ? null : PerOp(silo.VoluntarySwitches),
            InvoluntarySwitchesPerOp = silo is null ? null : PerOp(silo.InvoluntarySwitches),
            SiloThreads = silo?.Threads,
            ThreadPoolThreads = silo?.ThreadPoolThreads,
            SiloThreadsEnded = silo?.ThreadsEnded,
            BenchCpuPercent = Math.Round(cpu.BenchPercent, 1),
            OtherCpuPercent = Math.Round(cpu.OtherPercent, 1),
        };
    }

    /// <summary>Voluntary and involuntary context switches per operation together.</summary>
    [JsonIgnore]
    public double? SwitchesPerOp => VoluntarySwitchesPerOp + InvoluntarySwitchesPerOp;

    public static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);
}
