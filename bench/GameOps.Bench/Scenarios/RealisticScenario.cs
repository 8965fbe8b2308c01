using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Scenarios;

/// <summary>
/// The real thing on one machine: the silo, the real agent process (Release build) and the byte-exact Source RCON
/// double as its game server. Every job goes over RCON and back. Also the agent's idle memory.
/// </summary>
public static class RealisticScenario
{
    public const string NativeRun = "realistic";

    public const string JitRun = "realistic, JIT agent";

    private const string RconPassword = "bench-rcon";

    // What a Source server answers to `status` with two players on.
    private const string StatusAnswer =
        "hostname: GameOps bench\nplayers : 2 humans, 0 bots (16/0 max)\n# userid name\n#      2 \"Alice\"\n#      3 \"Bob\"\n";

    /// <param name="nativeAgent">A Native AOT publish of the agent (<see cref="NativeAgent"/>), or null for the JIT build under <c>dotnet</c>.</param>
    public static async Task<RunResult> RunAsync(
        int callers, string durability, TimeSpan warmUp, TimeSpan duration, TimeSpan idle, TextWriter log, string? nativeAgent = null)
    {
        using var folder = new TempDirectory();
        await using var silo = await BenchSilo.StartAsync(folder.Path, SiloSettings.For(durability));
        var host = (await silo.CreateHostsAsync(1))[0];
        await using var game = new SourceRconTestServer(RconPassword, command => command == "status" ? StatusAnswer : "");

        var agentFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "agent")).FullName;
        await using var agent = AgentProcess.Start(agentFolder, new
        {
            controlPlaneUrl = silo.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = Path.Combine(agentFolder, "journal.jsonl"),
            servers = new[]
            {
                new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{game.Port}", password = RconPassword },
            },
        }, nativeAgent);
        await JobScenario.WaitUntilOnlineAsync(silo, 1, TimeSpan.FromSeconds(60));
        var agentPid = agent.Process.Id;

        await Task.Delay(idle);
        var idleRss = ProcessSampler.ResidentBytes(agentPid);
        log.WriteLine($"# realistic ({(nativeAgent is null ? "JIT" : "Native AOT")} agent): idle RSS {idleRss / 1048576.0:0.0} MiB after {idle.TotalSeconds} s");

        using var client = silo.CreateClient(callers);
        var jobCallers = Enumerable.Range(0, callers).Select(_ => new JobCaller(client, [host.Host.Id], waitSeconds: 25)).ToArray();
        CpuWindow? window = null;
        var agentCpuStart = 0.0;
        var driver = await ClosedLoopDriver.RunAsync(callers, i => jobCallers[i].CreateAsync, warmUp, duration, () =>
        {
            agentCpuStart = ProcessSampler.CpuSeconds(agentPid);
            window = CpuWindow.Start(silo.Pid, agentPid);
        });
        var cpu = window!.Stop();
        var agentCpu = ProcessSampler.CpuSeconds(agentPid) - agentCpuStart;
        var siloRss = ProcessSampler.ResidentBytes(silo.Pid);
        var busyRss = ProcessSampler.ResidentBytes(agentPid);

        await Task.Delay(idle);
        var afterRss = ProcessSampler.ResidentBytes(agentPid);

        var result = RunResult.From(
            nativeAgent is null ? JitRun : NativeRun,
            $"job round trip over RCON (real agent, {(nativeAgent is null ? "JIT build under dotnet" : "Native AOT")})", 1, callers, durability, driver, cpu);
        return result with
        {
            SiloRssBytes = siloRss,
            Extra = new Dictionary<string, double>
            {
                ["agentIdleRssBytes"] = idleRss,
                ["agentRssUnderLoadBytes"] = busyRss,
                ["agentIdleRssAfterLoadBytes"] = afterRss,
                ["agentCpuPercent"] = Math.Round(100 * agentCpu / cpu.Seconds, 1),
                ["agentCpuMicrosPerJob"] = driver.Latency.Count > 0 ? Math.Round(agentCpu * 1e6 / driver.Latency.Count, 1) : double.NaN,
                ["rconCommands"] = game.TotalExecutions,
            },
        };
    }
}
