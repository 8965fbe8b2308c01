using GameOps.Bench.Jobs;
using GameOps.Bench.Reporting;

namespace GameOps.Bench.Tests.Jobs;

public sealed class ConsoleBaselineTests
{
    private static RunResult Run(double jobsPerSecond, double siloCpuPercent, double benchCpuPercent, Dictionary<string, double>? extra = null) => new()
    {
        Run = "jobs",
        Operation = "job round trip (POST ?wait=25)",
        JobsPerSecond = jobsPerSecond,
        SiloCpuPercent = siloCpuPercent,
        BenchCpuPercent = benchCpuPercent,
        Extra = extra,
    };

    [Fact]
    public void Loss_net_of_the_generator_gives_back_the_jobs_its_extra_cpu_would_have_made()
    {
        // Alone: 1,000 jobs/s, 200 µs of generator and 1,800 µs of machine CPU a job. With console traffic: 600 jobs/s,
        // the generator at 38 %, of which 600 × 200 µs = 12 % is the callers': 26 % extra, worth 144.4 jobs/s.
        var alone = Run(1000, 160, 20);
        var withConsole = Run(600, 150, 38, new() { ["consoleLinesPerSecond"] = 20_000 });

        var extra = JobScenario.AgainstBaseline(withConsole, alone).Extra!;

        Assert.Equal(40, extra["jobsLostToConsolePercent"]);
        Assert.Equal(200, extra["benchCpuMicrosecondsPerJobBaseline"]);
        Assert.Equal(26, extra["benchExtraCpuPercent"]);
        Assert.Equal(144.4, extra["jobsPerSecondOfGeneratorCpu"]);
        Assert.Equal(25.6, extra["jobsLostNetOfGeneratorPercent"]);
        Assert.Equal(13, extra["benchExtraCpuMicrosecondsPerLine"]);
    }

    [Fact]
    public void The_console_traffic_s_disk_bytes_are_the_console_run_s_beyond_its_jobs_at_the_baseline_s_bytes_per_job()
    {
        // Alone: 43,000 bytes a job at 2,900 jobs/s, 124.7 MB/s. With console traffic: 64,000 bytes a job at 1,950 jobs/s
        // (124.8 MB/s), of which 1,950 × 21,000 bytes are beyond the jobs', over 20,000 lines/s: 2,048 bytes a line.
        var alone = Run(2900, 140, 30, new() { ["siloDiskWriteBytesPerJob"] = 43_000 });
        var withConsole = Run(1950, 142, 38, new() { ["siloDiskWriteBytesPerJob"] = 64_000, ["consoleLinesPerSecond"] = 20_000 });

        var extra = JobScenario.AgainstBaseline(withConsole, alone).Extra!;

        Assert.Equal(124.7, extra["siloDiskWriteMegabytesPerSecondWithoutConsole"]);
        Assert.Equal(124.8, extra["siloDiskWriteMegabytesPerSecond"]);
        Assert.Equal(2048, extra["consoleDiskWriteBytesPerLine"]);
    }

    [Fact]
    public void The_net_loss_is_never_above_the_gross_one_when_the_console_run_made_more_jobs()
    {
        var extra = JobScenario.AgainstBaseline(Run(1100, 150, 30), Run(1000, 160, 20)).Extra!;

        Assert.Equal(-10, extra["jobsLostToConsolePercent"]);
        Assert.True(extra["jobsLostNetOfGeneratorPercent"] <= extra["jobsLostToConsolePercent"]);
    }

    [Fact]
    public void A_generator_that_spends_nothing_extra_leaves_the_gross_loss()
    {
        var extra = JobScenario.AgainstBaseline(Run(600, 150, 12), Run(1000, 160, 20)).Extra!;

        Assert.Equal(0, extra["benchExtraCpuPercent"]);
        Assert.Equal(extra["jobsLostToConsolePercent"], extra["jobsLostNetOfGeneratorPercent"]);
    }

    [Fact]
    public void Rounds_report_the_median_and_range_of_each_loss()
    {
        RunResult[] rounds =
        [
            Run(2000, 150, 37, new() { ["jobsLostToConsolePercent"] = 31.2, ["jobsLostNetOfGeneratorPercent"] = 21.4 }),
            Run(2300, 150, 37, new() { ["jobsLostToConsolePercent"] = 15.1, ["jobsLostNetOfGeneratorPercent"] = 8.1 }),
            Run(2100, 150, 37, new() { ["jobsLostToConsolePercent"] = 23.4, ["jobsLostNetOfGeneratorPercent"] = 15.4 }),
            Run(2050, 150, 37, new() { ["jobsLostToConsolePercent"] = 23.6 }),
        ];

        var summary = JobScenario.LossOverRounds(rounds);

        Assert.Equal("jobs, console loss over 4 rounds", summary.Run);
        Assert.Equal(23.5, summary.Extra!["jobsLostToConsolePercentMedian"]);
        Assert.Equal((15.1, 31.2), (summary.Extra["jobsLostToConsolePercentMin"], summary.Extra["jobsLostToConsolePercentMax"]));
        // A round without the generator's figures is left out of that median: three values, the middle one.
        Assert.Equal(15.4, summary.Extra["jobsLostNetOfGeneratorPercentMedian"]);
        Assert.Equal((8.1, 21.4), (summary.Extra["jobsLostNetOfGeneratorPercentMin"], summary.Extra["jobsLostNetOfGeneratorPercentMax"]));
    }

    [Fact]
    public void Rounds_report_the_loss_of_the_median_console_run_against_the_median_baseline()
    {
        // Each round's own loss: 30, 8.3 and 4 %. The median console run (2,200) against the median baseline (2,500): 12 %.
        RunResult[] rounds =
        [
            Run(2100, 150, 37, new() { ["jobsPerSecondWithoutConsole"] = 3000 }),
            Run(2200, 150, 37, new() { ["jobsPerSecondWithoutConsole"] = 2400 }),
            Run(2400, 150, 37, new() { ["jobsPerSecondWithoutConsole"] = 2500 }),
        ];

        var summary = JobScenario.LossOverRounds(rounds).Extra!;

        Assert.Equal(2500, summary["jobsPerSecondWithoutConsoleMedian"]);
        Assert.Equal(2200, summary["jobsPerSecondMedian"]);
        Assert.Equal(12, summary["jobsLostOfMediansPercent"]);
    }
}
