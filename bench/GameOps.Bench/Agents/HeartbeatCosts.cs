using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Agents;

/// <summary>
/// What a heartbeat costs the silo in counts that do not depend on the machine, from its /metrics before and after the
/// measured window: Orleans grain requests, thread-pool work items, org stream messages (each a call to the memory
/// stream's queue grain), durable grain state writes, deliveries to the org's grains and bytes allocated, per heartbeat.
/// The probe's API reads (<see cref="HeartbeatProbe"/>) fall in the window too, and are counted apart.
/// </summary>
internal static class HeartbeatCosts
{
    public static IEnumerable<KeyValuePair<string, double>> Between(string? before, string? after, double heartbeats, long probeReads)
    {
        if (before is null || after is null || heartbeats <= 0)
        {
            yield break;
        }

        double Delta(string name) => PrometheusCounters.Sum(after, name) - PrometheusCounters.Sum(before, name);

        var counts = new (string Name, double Value)[]
        {
            ("grainRequests", Delta("orleans_app_requests_latency_milliseconds_count")),
            ("threadPoolWorkItems", Delta("dotnet_thread_pool_work_item_count_total")),
            ("streamMessages", Delta("orleans_streams_persistent_stream_messages_read_total")),
            ("storageWrites", Delta("gameops_storage_writes_total")),
            ("probeReads", probeReads),
        };

        foreach (var (name, value) in counts)
        {
            yield return new($"{name}PerHeartbeat", Math.Round(value / heartbeats, 3));
        }

        foreach (var state in PrometheusCounters.LabelValues(after, "gameops_storage_writes_total", "state_name"))
        {
            var label = $"state_name=\"{state}\"";
            var writes = PrometheusCounters.Sum(after, "gameops_storage_writes_total", label) - PrometheusCounters.Sum(before, "gameops_storage_writes_total", label);
            if (writes > 0)
            {
                yield return new($"storageWritesPerHeartbeat:{state}", Math.Round(writes / heartbeats, 3));
            }
        }

        yield return new("siloAllocatedBytesPerHeartbeat", Math.Round(Delta("dotnet_gc_heap_total_allocated_bytes_total") / heartbeats));
        foreach (var cost in OrgEventCosts.Between(before, after, jobs: 0, chatLines: 0))
        {
            yield return cost;
        }
    }
}
