using GameOps.Bench.Agents;
using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Scenarios;

/// <summary>
/// Runs that each stop a job's path at an earlier stage, on one silo with the same agents connected, so the
/// differences say what each stage costs: a bare REST call, then authentication and a grain call, then creating a
/// job durably and pushing it to the agent, then the whole round trip.
/// </summary>
public static class StageScenario
{
    public static async Task<IReadOnlyList<RunResult>> RunAsync(
        int hosts, int[] callerCounts, string durability, TimeSpan warmUp, TimeSpan duration, TextWriter log)
    {
        using var folder = new TempDirectory();
        await using var silo = await BenchSilo.StartAsync(folder.Path, SiloSettings.For(durability));
        var registered = await silo.CreateHostsAsync(hosts);
        await using var fleet = AgentFleet.Create(silo.GatewayAddress, registered, packStreams: false);
        using var heartbeats = new CancellationTokenSource();
        var beating = new HeartbeatScheduler(fleet.Agents, TimeSpan.FromSeconds(5)).RunAsync(heartbeats.Token);
        await fleet.ConnectAllAsync();
        await JobScenario.WaitUntilOnlineAsync(silo, hosts, TimeSpan.FromSeconds(60), () => $"Agent streams ended: {fleet.Failures()}.");
        var hostIds = registered.Select(h => h.Host.Id).ToArray();

        var results = new List<RunResult>();
        foreach (var callers in callerCounts)
        {
            using var anonymous = silo.CreateClient(callers, authenticated: false);
            using var admin = silo.CreateClient(callers);
            var healthz = new Uri("/healthz", UriKind.Relative);
            results.Add(await MeasureAsync(silo, "stage:rest", "GET /healthz (no key)", hosts, callers, durability, warmUp, duration, _ =>
                async cancellationToken =>
                {
                    using var response = await anonymous.GetAsync(healthz, cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return response.IsSuccessStatusCode;
                }));

            var random = new Random(1);
            results.Add(await MeasureAsync(silo, "stage:auth+grain", "GET /api/v1/hosts/{id}", hosts, callers, durability, warmUp, duration, _ =>
                {
                    var uris = hostIds.Select(id => new Uri($"/api/v1/hosts/{id}", UriKind.Relative)).ToArray();
                    var mine = new Random(random.Next());
                    return async cancellationToken =>
                    {
                        using var response = await admin.GetAsync(uris[mine.Next(uris.Length)], cancellationToken);
                        await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        return response.IsSuccessStatusCode;
                    };
                }));

            results.Add(await MeasureAsync(silo, "stage:create", "POST job, ?wait=0 (answered once stored and sent)", hosts, callers, durability, warmUp, duration, _ =>
                new JobCaller(admin, hostIds, waitSeconds: 0).CreateAsync));

            results.Add(await MeasureAsync(silo, "stage:round-trip", "POST job, ?wait=25 (answered once the result is stored)", hosts, callers, durability, warmUp, duration, _ =>
                new JobCaller(admin, hostIds, waitSeconds: 25).CreateAsync));

            foreach (var result in results.TakeLast(4))
            {
                log.WriteLine(result.ToJsonLine());
            }
        }

        await heartbeats.CancelAsync();
        await beating;
        return results;
    }

    private static async Task<RunResult> MeasureAsync(
        BenchSilo silo, string run, string operation, int hosts, int callers, string durability, TimeSpan warmUp, TimeSpan duration,
        Func<int, Func<CancellationToken, ValueTask<bool>>> createCaller)
    {
        CpuWindow? window = null;
        var driver = await ClosedLoopDriver.RunAsync(callers, createCaller, warmUp, duration, () => window = CpuWindow.Start(silo.Pid));
        var cpu = window!.Stop();
        return RunResult.From(run, operation, hosts, callers, durability, driver, cpu) with { SiloRssBytes = ProcessSampler.ResidentBytes(silo.Pid) };
    }
}
