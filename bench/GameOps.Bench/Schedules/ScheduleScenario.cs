using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Bench.Agents;
using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.TestSupport;

namespace GameOps.Bench.Schedules;

/// <summary>
/// N schedules on one silo, each on its own game server (simulated agents declaring many servers each, every job
/// answered at once), each running one trivial action (<c>players.list</c>) once an hour at minute <c>i mod 60</c>, so
/// every minute N/60 of them are due while all N wake on their reminders: how late runs start after their cron time,
/// the silo's memory per schedule, and the storage writes per run.
/// </summary>
public static class ScheduleScenario
{
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(5);

    // A run is a claim, a job, the step's end and the run's end: it is over within seconds of its start.
    private static readonly TimeSpan RunsEndWithin = TimeSpan.FromSeconds(20);

    /// <param name="minutes">How many whole minutes are measured; runs due in them are read back from the ledger.</param>
    public static async Task<RunResult> RunAsync(int schedules, int serversPerHost, string durability, int minutes, TimeSpan settle, TextWriter log, string[] siloSettings)
    {
        using var folder = new TempDirectory();
        string[] settings = [.. SiloSettings.For(durability), "--GameOps:Players:Probe=false", .. siloSettings];
        await using var silo = await BenchSilo.StartAsync(folder.Path, settings);
        var hostCount = (schedules + serversPerHost - 1) / serversPerHost;
        var hosts = await silo.CreateHostsAsync(hostCount, parallel: 16);
        await using var fleet = AgentFleet.Create(silo.GatewayAddress, hosts, packStreams: true, jobServers: serversPerHost);
        using var stop = new CancellationTokenSource();
        var beating = new HeartbeatScheduler(fleet.Agents, HeartbeatPeriod).RunAsync(stop.Token);
        await fleet.ConnectAllAsync(parallel: 32);
        await JobScenario.WaitUntilOnlineAsync(silo, hostCount, TimeSpan.FromMinutes(2), () => $"Agent streams ended: {fleet.Failures()}.");
        log.WriteLine($"# schedules: silo pid {silo.Pid}, {hostCount} agents online with {serversPerHost} servers each");

        var before = await silo.SettledMemoryAsync(settle);
        var targets = hosts.SelectMany(h => Enumerable.Range(0, serversPerHost).Select(server => (HostId: h.Host.Id, ServerId: SimulatedAgent.ServerId(server)))).Take(schedules).ToArray();
        var createClock = Stopwatch.StartNew();
        var ids = await CreateSchedulesAsync(silo, targets);
        var createSeconds = createClock.Elapsed.TotalSeconds;
        log.WriteLine($"# schedules: {schedules} schedules made in {createSeconds:0.0} s");
        var after = await silo.SettledMemoryAsync(settle);

        // Whole minutes from the start of the next one, read at their edges, where no run is due.
        var first = NextMinute(DateTimeOffset.UtcNow.AddSeconds(5));
        await Task.Delay(first.AddSeconds(-1) - DateTimeOffset.UtcNow);
        var metricsBefore = await silo.ScrapeMetricsAsync();
        var window = CpuWindow.Start(silo.Pid);
        var end = first.AddMinutes(minutes);
        await Task.Delay(end.AddSeconds(-1) - DateTimeOffset.UtcNow);
        var cpu = window.Stop();
        var metricsAfter = await silo.ScrapeMetricsAsync();
        log.WriteLine($"# schedules: measured {first:HH:mm}-{end:HH:mm} UTC, reading the runs back");

        // Runs due in the window, read from each due schedule's ledger once the last of them had time to end.
        await Task.Delay(RunsEndWithin);
        using var reader = silo.CreateClient(16);
        var due = Enumerable.Range(0, minutes).Select(m => first.AddMinutes(m)).ToArray();
        var dueSchedules = ids.Select((id, i) => (Id: id, Minute: i % 60)).Where(s => due.Any(d => d.Minute == s.Minute)).ToArray();
        var runs = new List<(DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, string? Outcome)>();
        await Parallel.ForEachAsync(dueSchedules, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (schedule, cancellationToken) =>
        {
            var page = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/schedules/{schedule.Id}/runs?limit=10", cancellationToken);
            var read = page.GetProperty("runs").EnumerateArray()
                .Select(r => (r.GetProperty("scheduledFor").GetDateTimeOffset(), r.GetProperty("startedAt").GetDateTimeOffset(), r.GetProperty("outcome").GetString()))
                .Where(r => r.Item1 >= first && r.Item1 < end)
                .ToArray();
            lock (runs)
            {
                runs.AddRange(read);
            }
        });
        var expected = dueSchedules.Sum(s => due.Count(d => d.Minute == s.Minute));
        var found = runs.Count;
        var succeeded = runs.Count(r => r.Outcome == "Succeeded");
        var lateness = new LatencyHistogram();
        foreach (var run in runs)
        {
            lateness.Record(Math.Max(0, (long)(run.StartedAt - run.ScheduledFor).TotalMicroseconds));
        }

        var (dropped, firstDrop) = fleet.Failures();
        await stop.CancelAsync();
        await beating;

        var writes = Writes(metricsAfter) - Writes(metricsBefore);
        var extra = new Dictionary<string, double>
        {
            ["schedules"] = schedules,
            ["serversPerHost"] = serversPerHost,
            ["measuredMinutes"] = minutes,
            ["runsExpected"] = expected,
            ["runsFound"] = found,
            ["runsSucceeded"] = succeeded,
            ["latenessP50Ms"] = RunResult.Round(lateness.PercentileMilliseconds(0.5)) ?? double.NaN,
            ["latenessP99Ms"] = RunResult.Round(lateness.PercentileMilliseconds(0.99)) ?? double.NaN,
            ["latenessMaxMs"] = lateness.MaxMicroseconds / 1000.0,
            ["storageWritesPerRun"] = found > 0 ? Math.Round(writes / found, 2) : double.NaN,
            ["beforeRssBytes"] = before.ResidentBytes,
            ["afterRssBytes"] = after.ResidentBytes,
            ["beforeManagedHeapBytes"] = before.ManagedHeapBytes,
            ["afterManagedHeapBytes"] = after.ManagedHeapBytes,
            ["rssPerScheduleBytes"] = Math.Round((after.ResidentBytes - before.ResidentBytes) / (double)schedules, 0),
            ["managedHeapPerScheduleBytes"] = Math.Round((after.ManagedHeapBytes - before.ManagedHeapBytes) / (double)schedules, 0),
            ["createSeconds"] = Math.Round(createSeconds, 1),
            ["agentStreamsDropped"] = dropped,
        };

        foreach (var state in StateNames(metricsAfter))
        {
            extra[$"writesPerRun:{state}"] = found > 0 ? Math.Round((Writes(metricsAfter, state) - Writes(metricsBefore, state)) / found, 2) : double.NaN;
        }

        return new RunResult
        {
            Run = "schedules",
            Operation = "schedule run: one players.list job, due at the start of a minute",
            Agents = hostCount,
            Callers = 0,
            Durability = durability,
            P50Ms = RunResult.Round(lateness.PercentileMilliseconds(0.5)),
            P99Ms = RunResult.Round(lateness.PercentileMilliseconds(0.99)),
            P999Ms = RunResult.Round(lateness.PercentileMilliseconds(0.999)),
            MeanMs = RunResult.Round(lateness.MeanMilliseconds()),
            Operations = found,
            Failures = expected - succeeded,
            SiloRssBytes = after.ResidentBytes,
            MeasuredSeconds = Math.Round(cpu.Seconds, 2),
            Extra = extra,
            Note = firstDrop is null ? null : $"agent stream ended: {firstDrop}",
        }.WithServerCosts(cpu, found);
    }

    private static DateTimeOffset NextMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static double Writes(string? metrics, string? state = null) =>
        PrometheusCounters.Sum(metrics, "gameops_storage_writes_total", state is null ? null : $"state_name=\"{state}\"");

    /// <summary>The grain states the silo counts writes of (the <c>state_name</c> labels of its storage write counter).</summary>
    private static IEnumerable<string> StateNames(string? metrics) => PrometheusCounters.LabelValues(metrics, "gameops_storage_writes_total", "state_name");

    /// <summary>Creates one schedule per target through the API, 16 at a time; schedule i runs at minute i mod 60.</summary>
    private static async Task<Guid[]> CreateSchedulesAsync(BenchSilo silo, (string HostId, string ServerId)[] targets)
    {
        var ids = new Guid[targets.Length];
        using var client = silo.CreateClient(16);
        await Parallel.ForAsync(0, targets.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/schedules", new
            {
                name = $"bench-{i.ToString(CultureInfo.InvariantCulture)}",
                cron = $"{(i % 60).ToString(CultureInfo.InvariantCulture)} * * * *",
                timeZone = "UTC",
                targets = new[] { new { hostId = targets[i].HostId, serverId = targets[i].ServerId } },
                steps = new[] { new { kind = "Action", action = "players.list" } },
            }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a schedule answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        });
        return ids;
    }
}
