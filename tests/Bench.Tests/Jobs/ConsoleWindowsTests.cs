using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Tests.Jobs;

public sealed class ConsoleWindowsTests
{
    private static readonly ConsoleWindowPlan EightWindows = new(8, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));

    // Each window's counted part is 8 s.
    private static ConsoleWindow Window(int index, double jobsPerSecond, double siloPercent = 100, double benchPercent = 30) =>
        new(ConsoleWindowPlan.IsOn(index), (long)Math.Round(jobsPerSecond * 8), 8, siloPercent * 0.08, benchPercent * 0.08);

    [Fact]
    public void A_drift_linear_in_time_weighs_on_the_windows_with_lines_and_those_without_alike()
    {
        // The machine gets faster by 50 jobs/s a window, and the lines cost nothing: no loss. Windows taken on, off, on,
        // off … would put the later, faster window of each pair on the side without lines and show a loss.
        var windows = new ConsoleWindows(EightWindows, [.. Enumerable.Range(0, 8).Select(i => Window(i, 3000 + 50 * i))], 80_000);

        var fields = windows.Fields();

        Assert.Equal(0, fields["jobsLostToConsolePercent"]);
        Assert.Equal(fields["jobsPerSecondWithoutConsole"], fields["jobsPerSecondWithConsole"]);
    }

    [Fact]
    public void The_loss_is_of_the_windows_with_lines_against_those_without_and_the_lines_cost_what_is_beyond_their_jobs()
    {
        // With lines: 2,700 jobs/s and the silo at 110 %; without: 3,000 jobs/s at 100 %, so the jobs of a window with lines
        // cost 90 % and the lines the other 20 %, at 20,000 lines/s (800,000 acknowledged over four 10 s windows): 10 µs a
        // line. The generator: 30 % without lines, 27 % for the jobs with them, 35 % in all: 8 % for the lines, 4 µs each.
        var windows = new ConsoleWindows(
            EightWindows,
            [.. Enumerable.Range(0, 8).Select(i => ConsoleWindowPlan.IsOn(i) ? Window(i, 2700, 110, 35) : Window(i, 3000))],
            800_000);

        var fields = windows.Fields();

        Assert.Equal(10, fields["jobsLostToConsolePercent"]);
        Assert.Equal(10, fields["jobsLostToConsolePercentPairMedian"]);
        Assert.Equal(20_000, fields["consoleLinesPerSecond"]);
        Assert.Equal(10, fields["siloCpuMicrosecondsPerLineBeyondJobs"]);
        Assert.Equal(4, fields["benchCpuMicrosecondsPerLineBeyondJobs"]);
        Assert.Equal(2700, fields["consoleWindowJobsPerSecond:00"]);
        Assert.Equal(3000, fields["consoleWindowJobsPerSecond:01"]);
    }

    [Fact]
    public void Each_pair_of_windows_is_one_with_lines_and_one_without_and_their_losses_are_spread_from_least_to_most()
    {
        double[] rates = [2600, 3000, 3000, 2850, 2700, 3000, 3000, 2400];

        var fields = new ConsoleWindows(EightWindows, [.. rates.Select((rate, i) => Window(i, rate))], 0).Fields();

        Assert.Equal(5, fields["jobsLostToConsolePercentPairMin"]);
        Assert.Equal(20, fields["jobsLostToConsolePercentPairMax"]);
        Assert.Equal(11.7, fields["jobsLostToConsolePercentPairMedian"]);
    }

    [Theory]
    [InlineData(0, 10, 2)]
    [InlineData(6, 10, 2)]
    [InlineData(8, 10, 10)]
    [InlineData(8, 10, -1)]
    public void A_plan_is_a_positive_multiple_of_four_windows_each_longer_than_its_settling_time(int windows, double seconds, double settle)
    {
        var plan = new ConsoleWindowPlan(windows, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(settle));

        Assert.Throws<ArgumentException>(() => plan.Validated());
    }

    [Fact]
    public async Task The_lines_are_switched_at_each_window_s_start_and_what_the_settling_time_saw_is_not_counted()
    {
        var plan = new ConsoleWindowPlan(4, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1)).Validated();
        var jobs = new OperationCount();
        var generator = new SwitchRecorder(jobs);

        var run = await ConsoleWindows.RunAsync(plan, generator, jobs, Environment.ProcessId, []).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(generator.Later).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([true, false, false, true, true], generator.Switches);
        Assert.Equal([true, false, false, true], run.Windows.Select(w => w.On));

        // The jobs answered as a window starts and 100 ms later are in its settling time: none is counted.
        Assert.Equal(10_000, jobs.Value);
        Assert.All(run.Windows, w => Assert.Equal(0, w.Jobs));

        // Acknowledged from the first window's start to the last one's end.
        Assert.Equal(400, run.LinesAcknowledged);
    }

    /// <summary>
    /// Records each switch and answers the lines acknowledged as 100 more each time; 1,000 jobs are answered at each
    /// switch and 1,000 more 100 ms after it.
    /// </summary>
    private sealed class SwitchRecorder(OperationCount jobs) : IConsoleGenerator
    {
        public List<bool> Switches { get; } = [];

        public List<Task> Later { get; } = [];

        public int? ProcessId => null;

        public Task<long> SetSendingAsync(bool sending)
        {
            Switches.Add(sending);
            Answer();
            Later.Add(Task.Delay(TimeSpan.FromMilliseconds(100)).ContinueWith(_ => Answer(), TaskScheduler.Default));
            return Task.FromResult(100L * Switches.Count);
        }

        public Task StartSendingAsync() => Task.CompletedTask;

        public Task<long> StartRecordingAsync() => Task.FromResult(0L);

        public Task<ConsoleGeneratorReport> ReportAsync() => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Answer()
        {
            for (var i = 0; i < 1000; i++)
            {
                jobs.Increment();
            }
        }
    }
}
