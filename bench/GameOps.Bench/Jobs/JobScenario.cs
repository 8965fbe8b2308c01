using System.Net.Http.Json;
using GameOps.Bench.Agents;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.TestSupport;

namespace GameOps.Bench.Jobs;

/// <summary>
/// H simulated agents (one HTTP/2 connection each, heartbeating every 5 s) and C callers creating jobs through the
/// REST API and waiting for each to finish (with <c>jobsPerSecond</c>, starting at most that many a second). With <c>verifyDurable</c>, the silo is then killed and restarted and
/// jobs the API had answered as Succeeded are read back.
/// </summary>
public static class JobScenario
{
    public static async Task<RunResult> RunAsync(
        int hosts, int callers, string durability, TimeSpan warmUp, TimeSpan duration, bool verifyDurable, TextWriter log, string[]? siloSettings = null,
        int sseClients = 0, ConsoleTraffic? console = null, double jobsPerSecond = 0, JobTransport transport = JobTransport.Rest, int batchSize = 100)
    {
        using var folder = new TempDirectory();
        var windowPlan = console is { Agents: > 0 } ? console.Windows : null;
        duration = windowPlan?.Duration ?? duration;

        // gRPC without TLS needs an HTTP/2-only endpoint: Kestrel serves only HTTP/1.1 on a cleartext one that offers both.
        var http2Port = TestPorts.Free();
        string[] transportSettings = transport is JobTransport.Grpc or JobTransport.GrpcBatch
            ? [$"--Kestrel:Endpoints:ApiHttp2:Url=http://127.0.0.1:{http2Port}", "--Kestrel:Endpoints:ApiHttp2:Protocols=Http2"]
            : [];
        await using var silo = await BenchSilo.StartAsync(folder.Path, [.. SiloSettings.For(durability), .. transportSettings, .. siloSettings ?? []]);
        var registered = await silo.CreateHostsAsync(hosts);
        await using var fleet = AgentFleet.Create(silo.GatewayAddress, registered, packStreams: false);
        using var heartbeats = new CancellationTokenSource();
        var beating = new HeartbeatScheduler(fleet.Agents, TimeSpan.FromSeconds(5)).RunAsync(heartbeats.Token);
        await fleet.ConnectAllAsync();
        await WaitUntilOnlineAsync(silo, hosts, TimeSpan.FromSeconds(60), () => $"Agent streams ended: {fleet.Failures()}.");
        log.WriteLine($"# jobs: silo pid {silo.Pid}, {hosts} agents online; {callers} callers, {durability} sync, warm-up {warmUp.TotalSeconds} s, {duration.TotalSeconds} s measured");

        await using var consoleGenerator = console is { Agents: > 0 } ? await StartConsoleAsync(silo, console) : null;
        var generatorPid = consoleGenerator?.ProcessId;
        if (consoleGenerator is not null)
        {
            await WaitUntilOnlineAsync(silo, hosts + console!.Agents, TimeSpan.FromSeconds(120),
                () => (consoleGenerator as LocalConsoleGenerator)?.Diagnose() ?? "The console generator's own process holds its agents' streams.");
            await consoleGenerator.StartSendingAsync();
            log.WriteLine($"# jobs: {console.Agents} console agents × {console.ServersPerAgent} servers sending {console.LinesPerSecond} lines/s each (a chat line every {console.ChatEvery}), {console.Viewers} console viewers, {(console.OwnConnections ? "a connection per agent" : "100 agents to a connection")}, {console.Client.ToString().ToLowerInvariant()} client, {(generatorPid is { } shown ? $"in a process of their own (pid {shown})" : "in this process")}");
        }

        using var sseClient = silo.CreateClient(Math.Max(1, sseClients));
        sseClient.Timeout = Timeout.InfiniteTimeSpan;
        var rssBeforeAudience = ProcessSampler.ResidentBytes(silo.Pid);
        await using var audience = sseClients > 0 ? await SseAudience.OpenAsync(sseClient, sseClients) : null;
        var rssWithAudience = ProcessSampler.ResidentBytes(silo.Pid);
        if (audience is not null)
        {
            log.WriteLine($"# jobs: {sseClients} SSE clients of /api/v1/events connected");
        }

        using var client = silo.CreateClient(callers);
        var hostIds = registered.Select(h => h.Host.Id).ToArray();
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{http2Port}");
        var grpcClient = new JobsProtocol.Jobs.JobsClient(channel);
        var phases = new JobPhases();
        var jobCallers = Enumerable.Range(0, callers).Select(IJobSubmitter (_) => transport switch
        {
            JobTransport.RestBatch => new BatchJobCaller(client, hostIds, batchSize, waitSeconds: 25),
            JobTransport.Grpc => new GrpcJobCaller(grpcClient, hostIds, silo.AdminKey, batchSize: 1, waitSeconds: 25),
            JobTransport.GrpcBatch => new GrpcJobCaller(grpcClient, hostIds, silo.AdminKey, batchSize, waitSeconds: 25),
            _ => new JobCaller(client, hostIds, waitSeconds: 25, phases),
        }).ToArray();
        var jobsPerCall = jobCallers[0].JobsPerCall;
        CpuWindow? window = null;
        Task<long> linesBefore = Task.FromResult(0L);
        double generatorCpuBefore = 0;
        Task<string?> metricsBefore = Task.FromResult<string?>(null);
        long diskWritesBefore = 0;
        var jobsAnswered = new OperationCount();
        Task<ConsoleWindows>? windowsRun = null;
        var driver = await ClosedLoopDriver.RunAsync(
            callers, i => jobCallers[i].CreateAsync, warmUp, duration, () =>
            {
                window = generatorPid is { } measured ? CpuWindow.Start(silo.Pid, measured) : CpuWindow.Start(silo.Pid);
                generatorCpuBefore = generatorPid is { } before ? ProcessSampler.CpuSeconds(before) : 0;
                audience?.StartRecording();
                phases.StartRecording();
                linesBefore = consoleGenerator?.StartRecordingAsync() ?? linesBefore;
                metricsBefore = silo.ScrapeMetricsAsync();
                diskWritesBefore = ProcFiles.StorageWriteBytes(File.ReadAllText($"/proc/{silo.Pid}/io"));
                if (windowPlan is not null)
                {
                    windowsRun = ConsoleWindows.RunAsync(windowPlan, consoleGenerator!, jobsAnswered, silo.Pid, generatorPid is { } own ? [own] : []);
                }
            },
            jobsPerSecond > 0 ? TimeSpan.FromSeconds(callers / jobsPerSecond) : null,
            jobsAnswered);
        var cpu = window!.Stop();
        var windows = windowsRun is null ? null : await windowsRun.WaitAsync(TimeSpan.FromSeconds(60));
        var generatorCpu = generatorPid is { } after ? ProcessSampler.CpuSeconds(after) - generatorCpuBefore : 0;
        var consoleReport = consoleGenerator is null ? null : await consoleGenerator.ReportAsync();
        var diskWrites = ProcFiles.StorageWriteBytes(File.ReadAllText($"/proc/{silo.Pid}/io")) - diskWritesBefore;
        var contextSwitches = cpu.SiloContextSwitches;
        var linesStored = (consoleReport?.LinesAcknowledged ?? 0) - await linesBefore;
        var chatLines = consoleReport?.ChatLines ?? 0;
        var metricsAfter = await silo.ScrapeMetricsAsync();
        var rss = ProcessSampler.ResidentBytes(silo.Pid);
        await heartbeats.CancelAsync();
        await beating;

        var (dropped, firstDrop) = fleet.Failures();
        var extra = new Dictionary<string, double>(phases.Fields()) { ["agentStreamsDropped"] = dropped };
        if (jobsPerSecond > 0)
        {
            extra["jobsPerSecondOffered"] = jobsPerSecond;
        }

        if (audience is not null)
        {
            extra["sseClients"] = sseClients;
            extra["sseEventsPerSecond"] = Math.Round(audience.Events / driver.Seconds, 1);
            extra["sseDeliveryP50Ms"] = Math.Round(audience.DeliveryPercentileMilliseconds(0.5), 2);
            extra["sseDeliveryP99Ms"] = Math.Round(audience.DeliveryPercentileMilliseconds(0.99), 2);
            extra["sseDeliveryAfterPublishP50Ms"] = Math.Round(audience.DeliveryAfterPublishPercentileMilliseconds(0.5), 2);
            extra["sseDeliveryAfterPublishP99Ms"] = Math.Round(audience.DeliveryAfterPublishPercentileMilliseconds(0.99), 2);
            extra["sseRssPerClientBytes"] = Math.Round((double)(rssWithAudience - rssBeforeAudience) / sseClients);
        }
        if (consoleReport is not null)
        {
            extra["consoleAgents"] = console!.Agents;
            extra["consoleServersPerAgent"] = console.ServersPerAgent;
            extra["consoleAgentsPerConnection"] = console.OwnConnections ? 1 : 100;
            extra["consoleFramesClient"] = console.Client == ConsoleClient.Frames ? 1 : 0;
            extra["consoleLinesPerSecond"] = Math.Round(linesStored / driver.Seconds, 1);
            extra["consoleLinesOffered"] = console.LinesOffered;
            extra["consoleDeliveryP50Ms"] = Math.Round(consoleReport.DeliveryP50Ms, 2);
            extra["consoleDeliveryP99Ms"] = Math.Round(consoleReport.DeliveryP99Ms, 2);
            extra["consoleLinesTimed"] = consoleReport.LinesTimed;
            extra["consoleSendFailures"] = consoleReport.SendFailures;
            extra["consoleStreamsDropped"] = consoleReport.StreamsEnded;
            if (generatorPid is not null)
            {
                extra["consoleGeneratorOwnProcess"] = 1;
                extra["consoleGeneratorCpuPercent"] = Math.Round(100 * generatorCpu / cpu.Seconds, 1);
            }
            extra["siloCpuMicrosecondsPerLine"] = linesStored > 0 ? Math.Round(cpu.SiloCpuSeconds * 1e6 / linesStored, 1) : 0;
            extra["benchCpuMicrosecondsPerLine"] = linesStored > 0 ? Math.Round(cpu.BenchCpuSeconds * 1e6 / linesStored, 1) : 0;
            foreach (var (key, value) in ConsoleCosts.Between(await metricsBefore, metricsAfter, contextSwitches))
            {
                extra[key] = value;
            }

            // Over windows with and without lines, the whole window's rates above are of both mixed: these replace them.
            foreach (var (key, value) in windows?.Fields() ?? new Dictionary<string, double>())
            {
                extra[key] = value;
            }

            // Before the durability check kills the silo: the lines would go on being sent to nobody.
            await consoleGenerator!.DisposeAsync();
        }

        // A batch call carries jobsPerCall jobs: every cost "per job" is per job, not per call.
        var jobs = driver.Latency.Count * jobsPerCall;
        foreach (var (key, value) in OrgEventCosts.Between(await metricsBefore, metricsAfter, jobs, chatLines))
        {
            extra[key] = value;
        }

        var eventsPerClient = audience is null ? 0 : (double)audience.Events / sseClients;
        foreach (var (key, value) in EventDeliveryCosts.Between(await metricsBefore, metricsAfter, contextSwitches, jobs, eventsPerClient))
        {
            extra[key] = value;
        }

        foreach (var (key, value) in JobWriteCosts.Between(await metricsBefore, metricsAfter, jobs))
        {
            extra[key] = value;
        }

        foreach (var (key, value) in JitCosts.Between(await metricsBefore, metricsAfter, cpu.SiloCpuSeconds))
        {
            extra[key] = value;
        }

        if (jobs > 0)
        {
            extra["siloDiskWriteBytesPerJob"] = Math.Round(diskWrites / (double)jobs);
        }

        string? note = firstDrop is not null ? $"agent stream ended: {firstDrop}"
            : consoleReport?.FirstStreamEnd is { } consoleDrop ? $"console agent stream ended: {consoleDrop}" : null;
        if (verifyDurable)
        {
            var (checkedJobs, lost) = await VerifyDurableAsync(silo, jobCallers.SelectMany(c => c.Answered).ToArray());
            extra["durableChecked"] = checkedJobs;
            extra["durableLost"] = lost;
        }

        var result = RunResult.From(RunName(transport, jobsPerCall), Operation(transport, jobsPerCall), hosts, callers, durability, driver, cpu);
        if (jobsPerCall > 1)
        {
            // Each job of a call is answered with the call, so a job's latency is its call's; the rates count jobs.
            extra["jobsPerCall"] = jobsPerCall;
            extra["callsPerSecond"] = result.JobsPerSecond ?? 0;
            result = (result with
            {
                JobsPerSecond = Math.Round(driver.PerSecond * jobsPerCall, 1),
                Operations = jobs,
            }).WithServerCosts(cpu, jobs);
        }

        return result with { SiloRssBytes = rss, Extra = extra, Note = note ?? result.Note };
    }

    /// <summary>Makes the console traffic's hosts and connects their agents, in this process or in one of their own.</summary>
    private static async Task<IConsoleGenerator> StartConsoleAsync(BenchSilo silo, ConsoleTraffic console)
    {
        var hosts = await silo.CreateHostsAsync(console.Agents);
        return console.OwnProcess
            ? await ConsoleGeneratorProcess.ConnectAsync(new ConsoleGeneratorSpec(silo.GatewayAddress, silo.ApiAddress, silo.AdminKey, hosts, console))
            : await LocalConsoleGenerator.ConnectAsync(silo.GatewayAddress, silo.ApiAddress, silo.AdminKey, hosts, console);
    }

    private static string RunName(JobTransport transport, int jobsPerCall) => transport switch
    {
        JobTransport.RestBatch => $"jobs, REST batches of {jobsPerCall}",
        JobTransport.Grpc => "jobs, gRPC",
        JobTransport.GrpcBatch => $"jobs, gRPC batches of {jobsPerCall}",
        _ => "jobs",
    };

    private static string Operation(JobTransport transport, int jobsPerCall) => transport switch
    {
        JobTransport.RestBatch => $"{jobsPerCall} jobs per POST jobs:batch?wait=25, latency per request",
        JobTransport.Grpc => "job round trip (gRPC Submit, wait_seconds=25)",
        JobTransport.GrpcBatch => $"{jobsPerCall} jobs per gRPC SubmitBatch (wait_seconds=25), latency per call",
        _ => "job round trip (POST ?wait=25)",
    };

    /// <summary>
    /// <paramref name="withConsole"/> with what the same job run did without console traffic (<paramref name="alone"/>):
    /// its jobs/s and p99, the share of jobs/s the console traffic cost, and that share net of the load generator's own
    /// console work (bench/README.md, "The console run's loss net of the generator").
    /// </summary>
    public static RunResult AgainstBaseline(RunResult withConsole, RunResult alone)
    {
        var jobsAlone = alone.JobsPerSecond ?? 0;
        var jobsWith = withConsole.JobsPerSecond ?? 0;
        var extra = new Dictionary<string, double>(withConsole.Extra ?? [])
        {
            ["jobsPerSecondWithoutConsole"] = jobsAlone,
            ["jobP99MsWithoutConsole"] = alone.P99Ms ?? 0,
            ["jobsLostToConsolePercent"] = jobsAlone > 0 ? Math.Round(100 * (1 - jobsWith / jobsAlone), 1) : 0,
        };
        if (jobsAlone > 0 && alone.BenchCpuPercent is { } benchAlone && alone.SiloCpuPercent is { } siloAlone && withConsole.BenchCpuPercent is { } benchWith)
        {
            // What the generator spends on the job callers and their agents, per job, is the baseline's; what it spends
            // beyond that at the console run's job rate is its console agents' and viewers'. A job costs the machine the
            // silo's and the generator's CPU per job of the baseline, so that CPU would have made extraCpu / (both) jobs more.
            var benchPerJob = benchAlone / 100 / jobsAlone;
            var machinePerJob = (siloAlone + benchAlone) / 100 / jobsAlone;
            var benchExtra = Math.Max(0, benchWith / 100 - jobsWith * benchPerJob);
            var jobsOfGeneratorCpu = benchExtra / machinePerJob;
            extra["benchCpuPercentBaseline"] = benchAlone;
            extra["siloCpuPercentBaseline"] = siloAlone;
            extra["benchCpuMicrosecondsPerJobBaseline"] = Math.Round(benchPerJob * 1e6, 1);
            extra["machineCpuMicrosecondsPerJobBaseline"] = Math.Round(machinePerJob * 1e6, 1);
            extra["benchExtraCpuPercent"] = Math.Round(benchExtra * 100, 1);
            extra["jobsPerSecondOfGeneratorCpu"] = Math.Round(jobsOfGeneratorCpu, 1);
            extra["jobsLostNetOfGeneratorPercent"] = Math.Round(100 * (1 - (jobsWith + jobsOfGeneratorCpu) / jobsAlone), 1);
            if (withConsole.Extra?.GetValueOrDefault("consoleLinesPerSecond") is > 0 and var lines)
            {
                extra["benchExtraCpuMicrosecondsPerLine"] = Math.Round(benchExtra * 1e6 / lines, 1);
            }
        }

        // What the console traffic wrote is the console run's bytes beyond what its jobs wrote at the baseline's bytes per
        // job: the run was bound by them until ADR 0045 (docs/benchmarks.md, "The console run is bound by the disk").
        if (alone.Extra?.GetValueOrDefault("siloDiskWriteBytesPerJob") is > 0 and var bytesPerJobAlone
            && withConsole.Extra?.GetValueOrDefault("siloDiskWriteBytesPerJob") is > 0 and var bytesPerJobWith)
        {
            extra["siloDiskWriteMegabytesPerSecondWithoutConsole"] = Math.Round(bytesPerJobAlone * jobsAlone / 1e6, 1);
            extra["siloDiskWriteMegabytesPerSecond"] = Math.Round(bytesPerJobWith * jobsWith / 1e6, 1);
            if (withConsole.Extra?.GetValueOrDefault("consoleLinesPerSecond") is > 0 and var linesPerSecond)
            {
                extra["consoleDiskWriteBytesPerLine"] = Math.Round((bytesPerJobWith - bytesPerJobAlone) * jobsWith / linesPerSecond);
            }
        }

        return withConsole with { Extra = extra };
    }

    /// <summary>
    /// The loss of several rounds of a baseline and a console run (<see cref="AgainstBaseline"/>), as medians and ranges:
    /// on two shared cores one round's loss swings by 20 points, mostly with its baseline's own jobs/s. Beside them, the
    /// loss of the median console run against the median baseline (<c>jobsLostOfMediansPercent</c>): a baseline is
    /// the same run in every round, so the rounds' baselines together measure it better than each alone does.
    /// </summary>
    public static RunResult LossOverRounds(IReadOnlyList<RunResult> rounds)
    {
        var extra = new Dictionary<string, double> { ["rounds"] = rounds.Count };
        foreach (var field in (string[])["jobsLostToConsolePercent", "jobsLostNetOfGeneratorPercent"])
        {
            var values = rounds.Select(r => r.Extra is { } extraOfRound && extraOfRound.TryGetValue(field, out var value) ? value : (double?)null)
                .OfType<double>().Order().ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            extra[field + "Median"] = Math.Round(Median(values), 1);
            extra[field + "Min"] = values[0];
            extra[field + "Max"] = values[^1];
        }

        var baselines = rounds.Select(r => r.Extra?.GetValueOrDefault("jobsPerSecondWithoutConsole") ?? 0).Where(rate => rate > 0).Order().ToArray();
        var withConsole = rounds.Select(r => r.JobsPerSecond ?? 0).Where(rate => rate > 0).Order().ToArray();
        if (baselines.Length > 0 && withConsole.Length > 0)
        {
            extra["jobsPerSecondWithoutConsoleMedian"] = Math.Round(Median(baselines), 1);
            extra["jobsPerSecondMedian"] = Math.Round(Median(withConsole), 1);
            extra["jobsLostOfMediansPercent"] = Math.Round(100 * (1 - Median(withConsole) / Median(baselines)), 1);
        }

        return rounds[^1] with { Run = $"jobs, console loss over {rounds.Count} rounds", Extra = extra };
    }

    /// <summary>The median of values in ascending order.</summary>
    internal static double Median(double[] sorted)
    {
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <param name="diagnose">Says what the agents saw, for the error when they do not all come online.</param>
    public static async Task WaitUntilOnlineAsync(BenchSilo silo, int count, TimeSpan timeout, Func<string>? diagnose = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var views = await silo.ListHostsAsync();
            var online = views.Count(h => h.Status == HostStatus.Online);
            if (online >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Only {online} of {count} hosts came online within {timeout}. {diagnose?.Invoke()}\n{silo.Output[^Math.Min(4000, silo.Output.Length)..]}");
            }

            await Task.Delay(TimeSpan.FromSeconds(count > 1000 ? 2 : 0.5));
        }
    }

    /// <summary>Kills the silo (no graceful shutdown), restarts it on the same file, and reads the answered jobs back.</summary>
    private static async Task<(int Checked, int Lost)> VerifyDurableAsync(BenchSilo silo, string[] answered)
    {
        await silo.RestartAsync();
        var lost = 0;
        foreach (var location in answered)
        {
            var job = await silo.Api.GetFromJsonAsync<JobView>(location, GameOpsApi.Json);
            if (job?.State != JobState.Succeeded)
            {
                lost++;
            }
        }

        return (answered.Length, lost);
    }
}
