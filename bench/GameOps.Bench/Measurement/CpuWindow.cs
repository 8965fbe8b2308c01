using System.Diagnostics;

namespace GameOps.Bench.Measurement;

/// <summary>
/// CPU used over a measured window: by the silo, by the processes the benchmark itself runs (load generator,
/// echo server, agent), and by everything else on the machine, which says how quiet the machine was.
/// </summary>
public sealed class CpuWindow
{
    private readonly int _siloPid;
    private readonly int[] _ownPids;
    private readonly long _startTimestamp;
    private readonly ProcessCounters? _siloStart;
    private readonly double[] _ownStart;
    private readonly double _machineStart;
    private readonly int[] _moreSiloPids;
    private readonly double _moreSilosStart;
    private readonly int[] _storeRoots;
    private readonly double[] _storeStart;

    private CpuWindow(int siloPid, int[] ownPids, int[]? moreSiloPids = null, int[]? storeRoots = null)
    {
        _siloPid = siloPid;
        _ownPids = ownPids;
        _moreSiloPids = moreSiloPids ?? [];
        _moreSilosStart = _moreSiloPids.Sum(ProcessSampler.CpuSeconds);
        _storeRoots = storeRoots ?? [];
        _storeStart = _storeRoots.Select(ProcessSampler.TreeCpuSeconds).ToArray();
        _startTimestamp = Stopwatch.GetTimestamp();
        _siloStart = siloPid > 0 ? ProcessCounters.Read(siloPid) : null;
        _ownStart = ownPids.Select(ProcessSampler.CpuSeconds).ToArray();
        _machineStart = ProcessSampler.MachineBusySeconds();
    }

    /// <param name="siloPid">The measured server process, or 0 for none.</param>
    /// <param name="otherBenchPids">Further processes of the benchmark besides this one (echo server, agent).</param>
    public static CpuWindow Start(int siloPid, params int[] otherBenchPids) =>
        new(siloPid, [Environment.ProcessId, .. otherBenchPids]);

    /// <summary>
    /// A cluster's window: its silos' CPU together (the per-process counters are then left out), and each store
    /// server's (with its child processes) apart.
    /// </summary>
    public static CpuWindow StartCluster(int[] siloPids, int[] storeRoots) =>
        new(siloPids[0], [Environment.ProcessId], siloPids[1..], storeRoots);

    public CpuUsage Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var silo = _siloStart is null ? null : ProcessCounters.Read(_siloPid).Since(_siloStart);
        double bench = 0;
        for (var i = 0; i < _ownPids.Length; i++)
        {
            try
            {
                bench += ProcessSampler.CpuSeconds(_ownPids[i]) - _ownStart[i];
            }
            catch (IOException)
            {
                // The process ended inside the window.
            }
        }

        var machine = ProcessSampler.MachineBusySeconds() - _machineStart;
        var siloSeconds = (silo is null ? 0 : (silo.UserTicks + silo.KernelTicks) / (double)ProcessSampler.ClockTicksPerSecond)
            + _moreSiloPids.Sum(ProcessSampler.CpuSeconds) - _moreSilosStart;
        var stores = _storeRoots.Select((root, i) => ProcessSampler.TreeCpuSeconds(root) - _storeStart[i]).ToArray();
        var other = Math.Max(0, machine - siloSeconds - bench - stores.Sum());
        return new CpuUsage(seconds, siloSeconds, bench, other, stores) { Silo = _moreSiloPids.Length > 0 ? null : silo };
    }
}

/// <summary>CPU seconds used in a window of <see cref="Seconds"/> wall-clock seconds.</summary>
/// <param name="StoreCpuSeconds">Each store server's CPU seconds, in the order the window was given them (cluster runs only).</param>
public sealed record CpuUsage(double Seconds, double SiloCpuSeconds, double BenchCpuSeconds, double OtherCpuSeconds, double[]? StoreCpuSeconds = null)
{
    /// <summary>The silo's CPU ticks (user and kernel apart), context switches and threads over the window.</summary>
    public ProcessCountersDelta? Silo { get; init; }

    /// <summary>The silo's context switches in the window, voluntary and involuntary, over the threads alive at its end.</summary>
    public long SiloContextSwitches => Silo is null ? 0 : Silo.VoluntarySwitches + Silo.InvoluntarySwitches;

    /// <summary>The silo's CPU in percent of one core (200 is both cores of a two-core machine).</summary>
    public double SiloPercent => Seconds > 0 ? 100 * SiloCpuSeconds / Seconds : 0;

    public double BenchPercent => Seconds > 0 ? 100 * BenchCpuSeconds / Seconds : 0;

    /// <summary>CPU that neither the silo nor the benchmark used: other work on the machine, in percent of one core.</summary>
    public double OtherPercent => Seconds > 0 ? 100 * OtherCpuSeconds / Seconds : 0;
}
