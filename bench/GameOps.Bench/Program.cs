using GameOps.TestSupport;
using GameOps.Bench;
using GameOps.Bench.Agents;
using GameOps.Bench.Echo;
using GameOps.Bench.Jobs;
using GameOps.Bench.Reporting;
using GameOps.Bench.Scenarios;
using GameOps.Bench.Schedules;
using GameOps.Bench.Silo;

var options = BenchOptions.Parse(args);
var consoleRun = (options.Command == "jobs" && options.Int("console", 0) > 0) || options.Command == ConsoleGeneratorProcess.Command;
if (consoleRun)
{
    // The console run's 1,000 agents wake the generator's thread pool 10,000 times a second, and each worker that runs
    // dry spun (sched_yield) before it slept: over a quarter of the generator's CPU, taken from the silo's two cores. Read
    // once, when the pool first starts, so it is set before anything queues work; the silo keeps its own default.
    AppContext.SetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", 0);
}

// Thousands of streams connect at once: start with enough threads that the pool does not ramp up mid-measurement.
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), Math.Max(64, Environment.ProcessorCount * 8));

var log = Console.Error;

// The silo's tiered JIT is still compiling until about 30 s after its agents are online (docs/benchmarks.md): the
// console run's default warm-up leaves that out of the measured window.
var warmUp = options.Seconds("warmup", consoleRun ? ConsoleTraffic.WarmUpSeconds : 5);
var duration = options.Seconds("duration", 20);
var durability = options.Text("sync", SiloSettings.Full);

void Print(RunResult result) => Console.WriteLine(result.ToJsonLine());

switch (options.Command)
{
    case "standard":
        return await StandardSet.RunAsync(options);
    case "jobs":
        await using (var spans = options.Text("spans", "off") == "otlp" ? await OtlpSink.StartAsync() : null)
        {
            var console = new ConsoleTraffic(
                options.Int("console", 0), options.Int("lines-per-second", 20), options.Int("console-viewers", 20),
                options.Int("servers-per-agent", 1), options.Int("chat-every", 0), options.Text("console-connections", "shared") switch
                {
                    "shared" => false,
                    "own" => true,
                    var other => throw new ArgumentException($"--console-connections is shared or own, not '{other}'."),
                },
                options.Text("console-client", "grpc") switch
                {
                    "frames" => ConsoleClient.Frames,
                    "grpc" => ConsoleClient.Grpc,
                    var other => throw new ArgumentException($"--console-client is frames or grpc, not '{other}'."),
                },
                options.Text("console-process", "shared") switch
                {
                    "shared" => false,
                    "own" => true,
                    var other => throw new ArgumentException($"--console-process is shared or own, not '{other}'."),
                },
                options.Int("console-windows", 0) is not 0 and var windows
                    ? new ConsoleWindowPlan(windows, options.Seconds("window-seconds", 10), options.Seconds("window-settle", 2)).Validated()
                    : null);
            if (console.Windows is not null && options.Int("baseline", 0) != 0)
            {
                throw new ArgumentException("--console-windows measures the run without console traffic inside the run: it takes no --baseline.");
            }

            Task<RunResult> RunJobsAsync(ConsoleTraffic? traffic) => JobScenario.RunAsync(
                options.Int("hosts", 100), options.Int("callers", 32), durability, warmUp, duration, verifyDurable: true, log,
                [.. SiloSettings.Parse(options.Text("silo")), .. spans?.SiloSettings ?? []], options.Int("sse", 0),
                traffic, options.Double("rate", 0), JobTransports.Parse(options.Text("transport", "rest")), options.Int("batch", 100));

            // The same job run first without the console traffic, on its own silo, so the run with it reports the jobs/s it
            // cost; with --baseline N, N such rounds and their medians.
            var rounds = console.Agents > 0 ? Math.Max(1, options.Int("baseline", 0)) : 1;
            var losses = new List<RunResult>();
            for (var round = 0; round < rounds; round++)
            {
                var alone = console.Agents > 0 && options.Int("baseline", 0) != 0 ? await RunJobsAsync(null) : null;
                if (alone is not null)
                {
                    Print(alone with { Run = "jobs, without console" });
                }

                var result = await RunJobsAsync(console);
                if (alone is not null)
                {
                    result = JobScenario.AgainstBaseline(result, alone);
                    losses.Add(result);
                }

                Print(result);
            }

            if (losses.Count > 1)
            {
                Print(JobScenario.LossOverRounds(losses));
            }

            // Beside the embedded run just printed: the same hosts and callers against a cluster on this machine.
            if (options.Int("cluster", 0) is > 0 and var silos)
            {
                Print(await ClusterJobScenario.RunAsync(
                    silos, options.Int("hosts", 100), options.Int("callers", 32), warmUp, duration, log, SiloSettings.Parse(options.Text("silo"))));
            }
            if (spans is not null)
            {
                log.WriteLine($"# spans: {spans.Exports} OTLP exports, {spans.Bytes / 1024} KiB");
            }
        }

        return 0;
    case "heartbeats":
        Print(await HeartbeatScenario.RunAsync(options.Int("agents", 10_000), durability, options.Seconds("duration", 60), options.Seconds("settle", 10), log, options.Seconds("hold", 0)));
        return 0;
    case "schedules":
        Print(await ScheduleScenario.RunAsync(
            options.Int("schedules", 10_000), options.Int("servers-per-host", 50), durability, options.Int("minutes", 3), options.Seconds("settle", 10), log,
            SiloSettings.Parse(options.Text("silo"))));
        return 0;
    case "overview":
        Print(await OverviewScenario.RunAsync(options.Int("hosts", 1000), options.Int("renders", 5), log, options.Text("page", "/")));
        return 0;
    case "echo":
        Print(await EchoScenario.RunAsync(options.Int("callers", 32), warmUp, duration));
        return 0;
    case "realistic":
        using (var agentFolder = new TempDirectory())
        {
            var nativeAgent = options.Text("agent", "native") == "native" ? await StandardSet.PublishNativeAgentAsync(agentFolder.Path, log) : null;
            Print(await RealisticScenario.RunAsync(options.Int("callers", 4), durability, warmUp, duration, options.Seconds("settle", 10), log, nativeAgent));
        }

        return 0;
    case "stages":
        foreach (var result in await StageScenario.RunAsync(options.Int("hosts", 100), [1, options.Int("callers", 32)], durability, TimeSpan.FromSeconds(2), options.Seconds("duration", 10), TextWriter.Null))
        {
            Print(result);
        }

        return 0;
    case "echo-server":
        return await EchoServer.RunAsync(options.Int("port", 0));
    case ConsoleGeneratorProcess.Command:
        return await ConsoleGeneratorChild.RunAsync(Console.In, Console.Out);
    default:
        log.WriteLine("""
            GameOps benchmark. Commands (each prints one JSON line per run):
              standard    the whole set; rewrites docs/benchmarks.md   [--duration 20 --warmup 5 --heartbeat-agents 10000 --heartbeat-duration 60 --note "..."]
              jobs        simulated agents + REST callers               [--hosts 100 --callers 32 --warmup 5 (40 with --console) --duration 20 --sync Full|Normal --spans off|otlp --sse 0 --console 0 --lines-per-second 20 --console-viewers 20 --servers-per-agent 1 --chat-every 0 --console-connections shared|own (own: an HTTP/2 connection per console agent) --console-client grpc|frames (the console agents' HTTP/2 client: Grpc.Net.Client, or the bench's own, which costs the generator less) --console-process shared|own (own: the console agents and viewers in a process of their own) --baseline 0 (1: first the same run without console traffic; N: N such rounds, then their median loss) --console-windows 0 (N, a multiple of 4: the measured time is N windows, the lines on, off, off, on, …; with --window-seconds 10 --window-settle 2) --rate 0 (jobs/s offered; 0 = closed loop) --cluster 0 (N: then the same run against N silos on PostgreSQL + Redis) --transport rest|rest-batch|grpc|grpc-batch --batch 100 (jobs per batch)]
              heartbeats  N agents heartbeating; lag, CPU, memory       [--agents 10000 --duration 60 --settle 10]
              schedules   N schedules, one run each per hour; run lateness, memory and writes per schedule/run
                                                                        [--schedules 10000 --servers-per-host 50 --minutes 3 --settle 10 --sync Full]
              echo        bare gRPC bidi echo, the physical limit       [--callers 32]
              realistic   the real agent process and an RCON double     [--callers 4 --agent native|jit]
              stages      the cost breakdown runs                        [--hosts 100 --callers 32 --duration 10]
            See bench/README.md.
            """);
        return options.Command == "help" ? 0 : 2;
}
