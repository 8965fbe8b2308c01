using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// What the console lines cost the silo in counts that do not depend on the machine, from its /metrics before and after
/// the measured window: durable writes, acknowledgement messages written to the agents' streams and acknowledgements
/// held by pacing per 1,000 lines, appends of the agents' streams and stream publishes per batch;
/// and the silo's context switches (from /proc) per 1,000 lines and bytes allocated per line, both with the job run's
/// share included.
/// </summary>
internal static class ConsoleCosts
{
    /// <param name="contextSwitches">The silo's context switches in the window (<see cref="CpuUsage.SiloContextSwitches"/>).</param>
    public static IEnumerable<KeyValuePair<string, double>> Between(string? before, string? after, long contextSwitches)
    {
        double Delta(string name, string? label = null) => PrometheusCounters.Sum(after, name, label) - PrometheusCounters.Sum(before, name, label);

        var lines = Delta("gameops_log_lines_total");
        var batches = Delta("gameops_log_batches_total");
        if (before is null || after is null || lines <= 0 || batches <= 0)
        {
            yield break;
        }

        var writes = Delta("gameops_console_writes_total");
        yield return new("consoleBatchesReceived", batches);
        yield return new("consoleLinesReceived", lines);
        yield return new("consoleLinesPerBatch", Math.Round(lines / batches, 2));
        yield return new("consoleDurableWritesPer1000Lines", Math.Round(writes * 1000 / lines, 1));
        yield return new("consoleAppendsPerBatch", Math.Round(Delta("gameops_console_appends_total") / batches, 3));
        yield return new("consolePublishesPerBatch", Math.Round(Delta("gameops_console_publishes_total") / batches, 3));
        yield return new("consoleAckMessagesPer1000Lines", Math.Round(Delta("gameops_console_ack_messages_total") * 1000 / lines, 1));
        yield return new("consoleAcksHeldPer1000Lines", Math.Round(Delta("gameops_console_acks_held_total") * 1000 / lines, 1));
        yield return new("siloContextSwitchesPer1000Lines", Math.Round(contextSwitches * 1000 / lines, 1));
        yield return new("siloAllocatedBytesPerLine", Math.Round(Delta("dotnet_gc_heap_total_allocated_bytes_total") / lines));
    }
}
