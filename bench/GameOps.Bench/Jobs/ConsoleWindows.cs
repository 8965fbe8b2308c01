using System.Diagnostics;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// The console traffic switched on and off in windows inside one job run (<c>--console-windows N</c>), to measure the
/// jobs/s it costs on one silo, one set of files and one stretch of the machine's time. A baseline run and a console
/// run on silos of their own each carry their own drift: one such round's loss swung by 20 points on two shared cores
/// (docs/benchmarks.md). The windows go on, off, off, on, on, off, off, on, … so that a drift linear in time weighs on
/// both alike, and a window's first <see cref="Settle"/>, while the silo finishes what the window before left, is not
/// counted. The console agents stay connected and heartbeating, and the viewers subscribed, in every window: what is
/// switched is their lines.
/// </summary>
/// <param name="Windows">How many windows, a multiple of four, so that the order is balanced.</param>
public sealed record ConsoleWindowPlan(int Windows, TimeSpan Length, TimeSpan Settle)
{
    public ConsoleWindowPlan Validated() =>
        Windows <= 0 || Windows % 4 != 0 ? throw new ArgumentException($"--console-windows is a positive multiple of 4, not {Windows}.")
        : Settle < TimeSpan.Zero || Settle >= Length ? throw new ArgumentException($"A window's settling time ({Settle.TotalSeconds} s) is shorter than the window ({Length.TotalSeconds} s).")
        : this;

    /// <summary>The measured time: every window, counted or settling.</summary>
    public TimeSpan Duration => Length * Windows;

    public static bool IsOn(int window) => window % 4 is 0 or 3;
}

/// <summary>What one window's counted part saw.</summary>
public sealed record ConsoleWindow(bool On, long Jobs, double Seconds, double SiloCpuSeconds, double BenchCpuSeconds);

/// <summary>The windows of one run, and the lines the silo acknowledged from the first window's start to the last one's end.</summary>
public sealed record ConsoleWindows(ConsoleWindowPlan Plan, IReadOnlyList<ConsoleWindow> Windows, long LinesAcknowledged)
{
    /// <summary>
    /// Runs <paramref name="plan"/> from now: switches the lines at each window's start and counts the jobs answered and
    /// the CPU used in each window after its settling time. Leaves the lines on, as the run had them.
    /// </summary>
    /// <param name="benchPids">The benchmark's processes besides this one (a console generator of its own).</param>
    public static async Task<ConsoleWindows> RunAsync(
        ConsoleWindowPlan plan, IConsoleGenerator generator, OperationCount jobs, int siloPid, int[] benchPids, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var windows = new List<ConsoleWindow>(plan.Windows);
        var firstAcknowledged = 0L;
        for (var i = 0; i < plan.Windows; i++)
        {
            var on = ConsoleWindowPlan.IsOn(i);
            var acknowledged = await generator.SetSendingAsync(on);
            if (i == 0)
            {
                firstAcknowledged = acknowledged;
            }

            await DelayUntilAsync(start, plan.Length * i + plan.Settle, cancellationToken);
            var cpu = CpuWindow.Start(siloPid, benchPids);
            var jobsBefore = jobs.Value;
            await DelayUntilAsync(start, plan.Length * (i + 1), cancellationToken);
            var used = cpu.Stop();
            windows.Add(new ConsoleWindow(on, jobs.Value - jobsBefore, used.Seconds, used.SiloCpuSeconds, used.BenchCpuSeconds));
        }

        var lastAcknowledged = await generator.SetSendingAsync(true);
        return new ConsoleWindows(plan, windows, lastAcknowledged - firstAcknowledged);
    }

    /// <summary>
    /// The run's figures: jobs/s with and without the lines and the share lost, over all windows and per adjacent pair
    /// (each pair is one window on and one off); the CPU of each; the lines a second while on, and what they cost the silo
    /// and the generator beyond the jobs of the same windows, at the CPU per job of the windows without them.
    /// </summary>
    public IReadOnlyDictionary<string, double> Fields()
    {
        var on = Totals(Windows.Where(w => w.On));
        var off = Totals(Windows.Where(w => !w.On));
        var linesPerSecond = LinesAcknowledged / (Plan.Length.TotalSeconds * Windows.Count(w => w.On));
        var fields = new Dictionary<string, double>
        {
            ["consoleWindows"] = Windows.Count,
            ["consoleWindowSeconds"] = Plan.Length.TotalSeconds,
            ["consoleWindowSettleSeconds"] = Plan.Settle.TotalSeconds,
            ["jobsPerSecondWithoutConsole"] = Math.Round(off.JobsPerSecond, 1),
            ["jobsPerSecondWithConsole"] = Math.Round(on.JobsPerSecond, 1),
            ["jobsLostToConsolePercent"] = Math.Round(LossPercent(on.JobsPerSecond, off.JobsPerSecond), 1),
            ["siloCpuPercentWithoutConsole"] = Math.Round(off.SiloPercent, 1),
            ["siloCpuPercentWithConsole"] = Math.Round(on.SiloPercent, 1),
            ["benchCpuPercentWithoutConsole"] = Math.Round(off.BenchPercent, 1),
            ["benchCpuPercentWithConsole"] = Math.Round(on.BenchPercent, 1),
            ["consoleLinesPerSecond"] = Math.Round(linesPerSecond, 1),
        };

        var pairLosses = Windows.Chunk(2)
            .Select(pair => LossPercent(JobsPerSecond(pair.Single(w => w.On)), JobsPerSecond(pair.Single(w => !w.On))))
            .Order().ToArray();
        fields["jobsLostToConsolePercentPairMedian"] = Math.Round(JobScenario.Median(pairLosses), 1);
        fields["jobsLostToConsolePercentPairMin"] = Math.Round(pairLosses[0], 1);
        fields["jobsLostToConsolePercentPairMax"] = Math.Round(pairLosses[^1], 1);

        if (off.JobsPerSecond > 0 && linesPerSecond > 0)
        {
            // The CPU the windows with lines spent beyond their jobs, each job at what one cost without lines.
            var jobShare = on.JobsPerSecond / off.JobsPerSecond;
            fields["siloCpuMicrosecondsPerLineBeyondJobs"] = Math.Round((on.SiloPercent - off.SiloPercent * jobShare) * 1e4 / linesPerSecond, 2);
            fields["benchCpuMicrosecondsPerLineBeyondJobs"] = Math.Round((on.BenchPercent - off.BenchPercent * jobShare) * 1e4 / linesPerSecond, 2);
        }

        for (var i = 0; i < Windows.Count; i++)
        {
            fields[$"consoleWindowJobsPerSecond:{i:00}"] = Math.Round(JobsPerSecond(Windows[i]), 1);
        }

        return fields;
    }

    private static double LossPercent(double with, double without) => without > 0 ? 100 * (1 - with / without) : 0;

    private static double JobsPerSecond(ConsoleWindow window) => window.Seconds > 0 ? window.Jobs / window.Seconds : 0;

    private static (double JobsPerSecond, double SiloPercent, double BenchPercent) Totals(IEnumerable<ConsoleWindow> windows)
    {
        var all = windows.ToArray();
        var seconds = all.Sum(w => w.Seconds);
        return seconds > 0
            ? (all.Sum(w => w.Jobs) / seconds, 100 * all.Sum(w => w.SiloCpuSeconds) / seconds, 100 * all.Sum(w => w.BenchCpuSeconds) / seconds)
            : (0, 0, 0);
    }

    private static async Task DelayUntilAsync(long start, TimeSpan offset, CancellationToken cancellationToken)
    {
        var wait = offset - Stopwatch.GetElapsedTime(start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
