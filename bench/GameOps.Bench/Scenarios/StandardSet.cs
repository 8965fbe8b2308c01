using System.Diagnostics;
using GameOps.Bench.Agents;
using GameOps.Bench.Echo;
using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Scenarios;

/// <summary>
/// Everything docs/benchmarks.md reports, in one invocation: the echo, the job runs in both durability modes, with SSE
/// clients attached, 10,000 agents heartbeating, the real agent, and the stage runs for the cost breakdown.
/// </summary>
public static class StandardSet
{
    public const string SpansExportedRun = "jobs, spans exported";
    public const string OneSseClientRun = "jobs, 1 SSE client";
    public const string ThousandSseClientsRun = "jobs, 1,000 SSE clients";
    public const string ThousandSseClientsPacedRun = "jobs, 1,000 SSE clients, 2 jobs/s";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        // Tiered compilation needs about 20 s of load on two busy cores before the JIT goes quiet (perf showed 13 % of
        // the silo's CPU in the JIT 18 s into a run); shorter warm-ups measure the compiler.
        var warmUp = options.Seconds("warmup", 20);
        var duration = options.Seconds("duration", 20);
        var stageDuration = options.Seconds("stage-duration", 10);
        var heartbeatAgents = options.Int("heartbeat-agents", 10_000);
        var heartbeatDuration = options.Seconds("heartbeat-duration", 60);
        var settle = options.Seconds("settle", 10);
        var output = options.Text("output", Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md"));
        var log = Console.Error;

        var clock = Stopwatch.StartNew();
        var report = new BenchmarkReport
        {
            Machine = MachineInfo.Read(),
            StartedAt = DateTimeOffset.UtcNow,
            LoadAverageAtStart = MachineInfo.LoadAverage(),
            Command = options.Text("command-line", "dotnet run -c Release --project bench/GameOps.Bench -- standard"),
            Note = options.Text("note"),
            Configuration = RepositoryPaths.Configuration,
        };

        using (var probeFolder = new TempDirectory())
        {
            report.DiskSync = DiskProbe.MeasureSync(probeFolder.Path);
            log.WriteLine($"# disk: fsync p50 {report.DiskSync.PercentileMilliseconds(0.5):0.00} ms");
        }

        async Task<RunResult> Record(Func<Task<RunResult>> run)
        {
            var result = await run();
            Console.WriteLine(result.ToJsonLine());
            report.Results.Add(result);
            return result;
        }

        foreach (var callers in new[] { 32, 4, 1 })
        {
            await Record(() => EchoScenario.RunAsync(callers, warmUp, duration));
        }

        foreach (var durability in new[] { SiloSettings.Full, SiloSettings.Normal })
        {
            await Record(() => JobScenario.RunAsync(100, 32, durability, warmUp, duration, verifyDurable: true, log));
            await Record(() => JobScenario.RunAsync(10, 4, durability, warmUp, duration, verifyDurable: true, log));
        }

        // What recording and exporting spans costs (ADR 0008): the big run again, exporting to an OTLP endpoint.
        await using (var spans = await OtlpSink.StartAsync())
        {
            await Record(async () =>
            {
                var result = await JobScenario.RunAsync(100, 32, SiloSettings.Full, warmUp, duration, verifyDurable: false, log, spans.SiloSettings);
                var extra = new Dictionary<string, double>(result.Extra ?? []) { ["otlpExports"] = spans.Exports, ["otlpBytes"] = spans.Bytes };
                return result with { Run = SpansExportedRun, Extra = extra };
            });
        }

        // Org events (issue 14): one SSE client on the big run must cost under 10 % of its jobs/s; 1,000 clients of one
        // org, fed by one caller as fast as it goes (the fan-out's limit) and at 2 jobs/s (about 10 events/s, an org's
        // interactive rate: the 100 ms delivery target), measure the fan-out's delivery and memory per client.
        await Record(async () => await JobScenario.RunAsync(100, 32, SiloSettings.Full, warmUp, duration, verifyDurable: false, log, sseClients: 1) with { Run = OneSseClientRun });
        await Record(async () => await JobScenario.RunAsync(10, 1, SiloSettings.Full, warmUp, duration, verifyDurable: false, log, sseClients: 1000) with { Run = ThousandSseClientsRun });
        await Record(async () => await JobScenario.RunAsync(10, 1, SiloSettings.Full, warmUp, duration, verifyDurable: false, log, sseClients: 1000, jobsPerSecond: 2) with { Run = ThousandSseClientsPacedRun });

        await Record(() => HeartbeatScenario.RunAsync(heartbeatAgents, SiloSettings.Full, heartbeatDuration, settle, log));
        using (var agentFolder = new TempDirectory())
        {
            if (await PublishNativeAgentAsync(agentFolder.Path, log) is { } nativeAgent)
            {
                await Record(() => RealisticScenario.RunAsync(4, SiloSettings.Full, warmUp, duration, settle, log, nativeAgent));
            }

            await Record(() => RealisticScenario.RunAsync(4, SiloSettings.Full, warmUp, duration, settle, log));
        }

        foreach (var durability in new[] { SiloSettings.Full, SiloSettings.Normal })
        {
            foreach (var result in await StageScenario.RunAsync(100, [1, 32], durability, TimeSpan.FromSeconds(2), stageDuration, TextWriter.Null))
            {
                Console.WriteLine(result.ToJsonLine());
                report.Results.Add(result);
            }
        }

        report.Elapsed = clock.Elapsed;
        report.LoadAverageAtEnd = MachineInfo.LoadAverage();
        await report.WriteAsync(output);
        log.WriteLine($"# wrote {output} after {clock.Elapsed.TotalMinutes:0.0} minutes");
        return 0;
    }

    /// <summary>The Native AOT agent, or null (and why, on the log) when this machine cannot build one.</summary>
    public static async Task<string?> PublishNativeAgentAsync(string folder, TextWriter log)
    {
        var (executable, output) = await NativeAgent.PublishAsync(folder);
        if (executable is null)
        {
            log.WriteLine($"# native agent: dotnet publish failed; measuring the JIT build only (Native AOT needs clang and zlib1g-dev).\n{output}");
        }

        return executable;
    }
}
