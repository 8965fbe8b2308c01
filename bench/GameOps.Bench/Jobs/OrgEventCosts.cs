using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// How often the org's grains that follow its event stream (the alert grain and the org summary) were handed an
/// event, per chat line, per job and per heartbeat, from the silo's /metrics before and after the measured window:
/// counts that do not depend on the machine.
/// </summary>
internal static class OrgEventCosts
{
    private const string Delivered = "gameops_org_events_delivered_total";

    public static IEnumerable<KeyValuePair<string, double>> Between(string? before, string? after, double jobs, double chatLines)
    {
        if (before is null || after is null)
        {
            yield break;
        }

        double Delta(string name, string? label = null) => PrometheusCounters.Sum(after, name, label) - PrometheusCounters.Sum(before, name, label);
        double Kind(string kind) => Delta(Delivered, $"kind=\"{kind}\"");

        yield return new("orgGrainEventDeliveries", Delta(Delivered));
        if (jobs > 0)
        {
            yield return new("orgGrainEventDeliveriesPerJob", Math.Round((Kind("JobStateChanged") + Kind("AuditEntryWritten")) / jobs, 3));
        }

        if (chatLines > 0)
        {
            yield return new("consoleChatLines", chatLines);
            yield return new("orgGrainEventDeliveriesPerChatLine", Math.Round(Kind("PlayerChatted") / chatLines, 3));
        }

        var heartbeats = Delta("gameops_heartbeats_total");
        if (heartbeats > 0)
        {
            yield return new("orgGrainEventDeliveriesPerHeartbeat", Math.Round(Kind("HostMetricsReported") / heartbeats, 3));
        }
    }
}
