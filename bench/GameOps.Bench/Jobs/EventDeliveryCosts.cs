using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// What carrying org events costs the silo, in counts that do not depend on the machine, from its /metrics and
/// <c>/proc</c> before and after the measured window: stream messages (each a call to the memory stream's queue grain on
/// publish and a container the pulling agent reads), deliveries to the silo's SSE fan-out (each a call the pulling agent
/// waits for), grain requests, thread-pool work items and context switches; per job, and per event one SSE client
/// received. With SSE clients, also where an event's delivery time goes inside the silo (<c>gameops_events_fanout_lag</c>).
/// </summary>
internal static class EventDeliveryCosts
{
    private const string FanoutLag = "events_fanout_lag";

    public static IEnumerable<KeyValuePair<string, double>> Between(
        string? before, string? after, long contextSwitches, double jobs, double eventsPerClient)
    {
        if (before is null || after is null || jobs <= 0)
        {
            yield break;
        }

        double Delta(string name, string? label = null) => PrometheusCounters.Sum(after, name, label) - PrometheusCounters.Sum(before, name, label);

        var messages = Delta("orleans_streams_persistent_stream_messages_read_total");
        var fanoutDeliveries = Delta("orleans_streams_persistent_stream_messages_sent_total", "grain_type=\"sys.client\"");
        var counts = new (string Name, double Value)[]
        {
            ("streamMessages", messages),
            ("grainRequests", Delta("orleans_app_requests_latency_milliseconds_count")),
            ("threadPoolWorkItems", Delta("dotnet_thread_pool_work_item_count_total")),
            ("contextSwitches", contextSwitches),
        };

        foreach (var (name, value) in counts)
        {
            yield return new($"{name}PerJob", Math.Round(value / jobs, 2));
        }

        if (eventsPerClient <= 0)
        {
            yield break;
        }

        yield return new("sseEventsPerJob", Math.Round(eventsPerClient / jobs, 3));
        yield return new("streamMessagesPerSseEvent", Math.Round(messages / eventsPerClient, 3));
        yield return new("fanoutDeliveriesPerSseEvent", Math.Round(fanoutDeliveries / eventsPerClient, 3));
        foreach (var (stage, key) in new[] { ("received", "fanoutReceived"), ("first_client", "fanoutFirstClient"), ("last_client", "fanoutLastClient") })
        {
            var lag = PrometheusHistogram.Parse(after, FanoutLag, $"stage=\"{stage}\"")?.Since(PrometheusHistogram.Parse(before, FanoutLag, $"stage=\"{stage}\""));
            if (lag is null || lag.Count <= 0)
            {
                continue;
            }

            yield return new($"{key}P50Ms", Math.Round(lag.Quantile(0.5).Estimate * 1000, 2));
            yield return new($"{key}P99Ms", Math.Round(lag.Quantile(0.99).Estimate * 1000, 2));
        }
    }
}
