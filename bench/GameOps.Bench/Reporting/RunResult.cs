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
    public static RunResult From(string run, string operation, int agents, int callers, string? durability, DriverResult driver, CpuUsage cpu) => new()
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
        SiloCpuPercent = Math.Round(cpu.SiloPercent, 1),
        SiloCpuMicrosPerOp = driver.Latency.Count > 0 ? Math.Round(cpu.SiloCpuSeconds * 1e6 / driver.Latency.Count, 1) : null,
        BenchCpuPercent = Math.Round(cpu.BenchPercent, 1),
        OtherCpuPercent = Math.Round(cpu.OtherPercent, 1),
        MeasuredSeconds = Math.Round(driver.Seconds, 2),
        Note = driver.FirstError is { } error ? $"first error: {error}" : null,
    };

    public static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);
}
