namespace GameOps.Bench.Measurement;

/// <summary>
/// What the silo's JIT did in the measured window, from the runtime's own counters on its /metrics (the
/// <c>System.Runtime</c> meter): a window the tiered JIT is still compiling in measures the JIT with the load.
/// </summary>
public static class JitCosts
{
    /// <param name="siloCpuSeconds">The silo's CPU in the window (<see cref="CpuUsage.SiloCpuSeconds"/>).</param>
    public static IEnumerable<KeyValuePair<string, double>> Between(string? before, string? after, double siloCpuSeconds)
    {
        if (before is null || after is null)
        {
            yield break;
        }

        // Time spent compiling, summed over the threads that compiled: on a busy machine it includes time a compiling
        // thread waited for a core, so its share of the silo's CPU is an upper bound.
        var seconds = PrometheusCounters.Sum(after, "dotnet_jit_compilation_time_seconds_total") - PrometheusCounters.Sum(before, "dotnet_jit_compilation_time_seconds_total");
        yield return new("siloJitSeconds", Math.Round(seconds, 3));
        yield return new("siloJitMethods", PrometheusCounters.Sum(after, "dotnet_jit_compiled_methods_total") - PrometheusCounters.Sum(before, "dotnet_jit_compiled_methods_total"));
        yield return new("siloJitPercentOfSiloCpu", siloCpuSeconds > 0 ? Math.Round(100 * seconds / siloCpuSeconds, 1) : 0);
    }
}
