using System.Globalization;
using GameOps.Bench.Agents;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;
using Npgsql;

namespace GameOps.Bench.Jobs;

/// <summary>
/// The job run of <see cref="JobScenario"/> against a cluster on this machine: N silo processes (every role) on a
/// throwaway PostgreSQL and Redis started as the tests start them. Host i's agent connects to silo i mod N's gateway
/// and caller i calls silo i mod N's API, so most jobs cross silos. The silos' CPU is reported together, PostgreSQL's
/// and Redis's apart (each server with its child processes), and each silo's PostgreSQL connections at the window's end.
/// </summary>
public static class ClusterJobScenario
{
    public static async Task<RunResult> RunAsync(int silos, int hosts, int callers, TimeSpan warmUp, TimeSpan duration, TextWriter log, string[] siloSettings)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        var folders = Enumerable.Range(0, silos).Select(_ => new TempDirectory()).ToArray();
        var members = new List<BenchSilo>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                string[] settings =
                [
                    "--GameOps:Silo:Mode=Cluster",
                    $"--GameOps:Cluster:RedisConnectionString={redis.ConnectionString}",
                    "--GameOps:Cluster:AdvertisedAddress=127.0.0.1",
                    $"--GameOps:Storage:Postgres:ConnectionString={new NpgsqlConnectionStringBuilder(database) { ApplicationName = Name(i) }}",
                    .. siloSettings,
                ];
                members.Add(await BenchSilo.StartAsync(folders[i].Path, settings, i == 0 ? null : members[0].AdminKey));
            }

            var first = members[0];
            var registered = await first.CreateHostsAsync(hosts);
            var fleets = members.Select((silo, s) => AgentFleet.Create(
                silo.GatewayAddress, registered.Where((_, h) => h % silos == s).ToArray(), packStreams: false)).ToArray();
            using var heartbeats = new CancellationTokenSource();
            var beating = fleets.Select(fleet => new HeartbeatScheduler(fleet.Agents, TimeSpan.FromSeconds(5)).RunAsync(heartbeats.Token)).ToArray();
            try
            {
                foreach (var fleet in fleets)
                {
                    await fleet.ConnectAllAsync();
                }

                await JobScenario.WaitUntilOnlineAsync(first, hosts, TimeSpan.FromSeconds(60),
                    () => string.Join("; ", fleets.Select(f => f.Failures().First)));
                log.WriteLine($"# jobs, cluster of {silos}: silo pids {string.Join(", ", members.Select(m => m.Pid))}, PostgreSQL {postgres.Pid}, Redis {redis.Pid}; "
                    + $"{hosts} agents online; {callers} callers, warm-up {warmUp.TotalSeconds} s, {duration.TotalSeconds} s measured");

                var clients = members.Select(silo => silo.CreateClient((callers + silos - 1) / silos)).ToArray();
                var hostIds = registered.Select(h => h.Host.Id).ToArray();
                var jobCallers = Enumerable.Range(0, callers).Select(i => new JobCaller(clients[i % silos], hostIds, waitSeconds: 25)).ToArray();
                CpuWindow? window = null;
                long committedBefore = 0;
                Dictionary<string, long> writtenBefore = [];
                var driver = await ClosedLoopDriver.RunAsync(
                    callers, i => jobCallers[i].CreateAsync, warmUp, duration,
                    () =>
                    {
                        window = CpuWindow.StartCluster([.. members.Select(m => m.Pid)], [postgres.Pid, redis.Pid]);
                        committedBefore = postgres.TransactionsCommittedAsync(database).GetAwaiter().GetResult();
                        writtenBefore = postgres.RowsWrittenByTableAsync(database).GetAwaiter().GetResult();
                    });
                var cpu = window!.Stop();
                var committed = await postgres.TransactionsCommittedAsync(database) - committedBefore;
                var written = await postgres.RowsWrittenByTableAsync(database);
                var connections = await postgres.ConnectionsByApplicationAsync(database);
                var rss = members.Select(m => ProcessSampler.ResidentBytes(m.Pid)).ToArray();
                foreach (var client in clients)
                {
                    client.Dispose();
                }

                var extra = new Dictionary<string, double>
                {
                    ["silos"] = silos,
                    ["postgresCpuPercent"] = Math.Round(100 * cpu.StoreCpuSeconds![0] / cpu.Seconds, 1),
                    ["redisCpuPercent"] = Math.Round(100 * cpu.StoreCpuSeconds[1] / cpu.Seconds, 1),
                    ["postgresCpuMicrosecondsPerJob"] = driver.Latency.Count > 0 ? Math.Round(cpu.StoreCpuSeconds[0] * 1e6 / driver.Latency.Count, 1) : 0,
                    ["postgresCommitsPerJob"] = driver.Latency.Count > 0 ? Math.Round((double)committed / driver.Latency.Count, 2) : 0,
                    ["agentStreamsDropped"] = fleets.Sum(f => f.Failures().Count),
                };
                foreach (var (table, rows) in written.Where(t => t.Value > writtenBefore.GetValueOrDefault(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    extra[$"postgresRowsWrittenPerJob:{table}"] = Math.Round((double)(rows - writtenBefore.GetValueOrDefault(table)) / Math.Max(1, driver.Latency.Count), 2);
                }

                for (var i = 0; i < silos; i++)
                {
                    extra[$"postgresConnections:{Name(i)}"] = connections.GetValueOrDefault(Name(i));
                    extra[$"siloRssMiB:{Name(i)}"] = Math.Round(rss[i] / 1048576.0, 1);
                }

                var result = RunResult.From($"jobs, cluster of {silos}", "job round trip (POST ?wait=25)", hosts, callers, "PostgreSQL", driver, cpu);
                return result with { SiloRssBytes = rss.Sum(), Extra = extra };
            }
            finally
            {
                await heartbeats.CancelAsync();
                await Task.WhenAll(beating);
                foreach (var fleet in fleets)
                {
                    await fleet.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }

            foreach (var folder in folders)
            {
                folder.Dispose();
            }
        }
    }

    private static string Name(int silo) => $"silo-{(silo + 1).ToString(CultureInfo.InvariantCulture)}";
}
