using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;

namespace GameOps.Bench.Tests.Measurement;

public sealed class ProcFilesTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Measurement", "Samples", name));

    [Fact]
    public void Stat_line_gives_user_and_kernel_ticks()
    {
        Assert.Equal((332L, 83L), ProcFiles.CpuTicks(Sample("dotnet.stat")));
    }

    [Fact]
    public void Stat_line_whose_command_name_has_spaces_and_parentheses_gives_the_same_ticks()
    {
        var odd = Sample("dotnet.stat").Replace("(dotnet)", "(Silo (x) y)", StringComparison.Ordinal);

        Assert.Equal((332L, 83L), ProcFiles.CpuTicks(odd));
    }

    [Fact]
    public void Io_file_gives_the_bytes_written_to_storage_not_those_written_to_sockets()
    {
        const string io = "rchar: 918273\nwchar: 5550001\nsyscr: 120\nsyscw: 4410\nread_bytes: 0\nwrite_bytes: 2637824\ncancelled_write_bytes: 4096\n";

        Assert.Equal(2637824L, ProcFiles.StorageWriteBytes(io));
    }

    [Fact]
    public void Task_status_gives_the_thread_name_and_both_switch_counts()
    {
        var thread = ProcFiles.ThreadStatus(Sample("tp-worker-task.status"));

        Assert.Equal(new ThreadSwitches(ProcFiles.ThreadPoolWorkerName, 474, 4025), thread);
    }

    [Fact]
    public void A_window_counts_threads_alive_at_both_ends_and_new_ones_whole_and_names_those_that_ended()
    {
        var before = new ProcessCounters(1000, 200, new Dictionary<int, ThreadSwitches>
        {
            [1] = new("dotnet", 10, 5),
            [2] = new(ProcFiles.ThreadPoolWorkerName, 100, 50),
            [3] = new(ProcFiles.ThreadPoolWorkerName, 7, 7),
        });
        var after = new ProcessCounters(1300, 260, new Dictionary<int, ThreadSwitches>
        {
            [1] = new("dotnet", 12, 5),
            [2] = new(ProcFiles.ThreadPoolWorkerName, 140, 60),
            [4] = new(ProcFiles.ThreadPoolWorkerName, 30, 1),
            [5] = new("GameOps SQLite writer", 3, 0),
        });

        var window = after.Since(before);

        Assert.Equal(new ProcessCountersDelta(300, 60, 2 + 40 + 30 + 3, 0 + 10 + 1 + 0, ThreadsEnded: 1, Threads: 4, ThreadPoolThreads: 2), window);
    }

    [Fact]
    public void Reading_this_process_finds_its_threads_and_its_cpu()
    {
        var counters = ProcessCounters.Read(Environment.ProcessId);

        Assert.Contains(Environment.ProcessId, counters.Threads.Keys);
        Assert.True(counters.Threads.Count > 1);
        Assert.True(counters.UserTicks + counters.KernelTicks > 0);
    }

    [Fact]
    public void A_run_reports_its_server_costs_per_operation()
    {
        var ticks = ProcessSampler.ClockTicksPerSecond;
        var cpu = new CpuUsage(10, 1.5, 0.5, 0.1)
        {
            Silo = new ProcessCountersDelta(ticks, ticks / 2, 2500, 500, ThreadsEnded: 1, Threads: 40, ThreadPoolThreads: 6),
        };

        var result = new RunResult { Run = "jobs", Operation = "job" }.WithServerCosts(cpu, operations: 1000);

        Assert.Equal(1500, result.SiloCpuMicrosPerOp);
        Assert.Equal(1000, result.SiloUserMicrosPerOp);
        Assert.Equal(500, result.SiloKernelMicrosPerOp);
        Assert.Equal(2.5, result.VoluntarySwitchesPerOp);
        Assert.Equal(0.5, result.InvoluntarySwitchesPerOp);
        Assert.Equal(3, result.SwitchesPerOp);
        Assert.Equal((40, 6, 1), (result.SiloThreads, result.ThreadPoolThreads, result.SiloThreadsEnded));
        Assert.Equal(15, result.SiloCpuPercent);
    }
}
