using System.Globalization;

namespace GameOps.Bench.Measurement;

/// <summary>The lines of Linux's /proc files the benchmark reads, parsed from their text.</summary>
public static class ProcFiles
{
    /// <summary>The name .NET gives its thread-pool worker threads (as the kernel keeps it, at most 15 bytes).</summary>
    public const string ThreadPoolWorkerName = ".NET TP Worker";

    /// <summary>utime and stime (fields 14 and 15) of a <c>/proc/&lt;pid&gt;/stat</c> line, in clock ticks.</summary>
    public static (long User, long Kernel) CpuTicks(string stat)
    {
        // "pid (comm) state ...": comm may hold spaces and parentheses, so fields are counted from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The bytes a process caused to be written to storage, <c>write_bytes</c> of its <c>/proc/&lt;pid&gt;/io</c>: for
    /// the silo, its SQLite files' WAL writes and checkpoints, not its sockets (those are in <c>wchar</c>).
    /// </summary>
    public static long StorageWriteBytes(string io)
    {
        foreach (var line in io.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>A thread's name and context switches from its <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/status</c>.</summary>
    public static ThreadSwitches ThreadStatus(string status)
    {
        var name = "";
        long voluntary = 0;
        long involuntary = 0;
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (key.SequenceEqual("Name"))
            {
                name = value.ToString();
            }
            else if (key.SequenceEqual("voluntary_ctxt_switches"))
            {
                voluntary = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (key.SequenceEqual("nonvoluntary_ctxt_switches"))
            {
                involuntary = long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return new ThreadSwitches(name, voluntary, involuntary);
    }
}

/// <summary>One thread's name and its context switches since it started.</summary>
public sealed record ThreadSwitches(string Name, long Voluntary, long Involuntary);

/// <summary>
/// A process's CPU time (user and kernel apart) and each of its live threads' context switches, read at one moment.
/// </summary>
public sealed record ProcessCounters(long UserTicks, long KernelTicks, IReadOnlyDictionary<int, ThreadSwitches> Threads)
{
    public int ThreadPoolThreads => Threads.Values.Count(t => t.Name == ProcFiles.ThreadPoolWorkerName);

    /// <summary>Reads <c>/proc/&lt;pid&gt;/stat</c> and every <c>/proc/&lt;pid&gt;/task/*/status</c>.</summary>
    public static ProcessCounters Read(int pid)
    {
        var folder = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        var (user, kernel) = ProcFiles.CpuTicks(File.ReadAllText($"{folder}/stat"));
        var threads = new Dictionary<int, ThreadSwitches>();
        foreach (var task in Directory.EnumerateDirectories($"{folder}/task"))
        {
            try
            {
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = ProcFiles.ThreadStatus(File.ReadAllText(Path.Combine(task, "status")));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The thread ended while being read.
            }
        }

        return new ProcessCounters(user, kernel, threads);
    }

    /// <summary>
    /// What happened between <paramref name="before"/> and this reading. The kernel keeps a thread's switches with the
    /// thread: one that ended in between takes its switches in the window with it (Linux adds them to totals that only
    /// the process itself can read, by getrusage), so those are counted in <see cref="ProcessCountersDelta.ThreadsEnded"/>.
    /// </summary>
    public ProcessCountersDelta Since(ProcessCounters before)
    {
        long voluntary = 0;
        long involuntary = 0;
        foreach (var (id, thread) in Threads)
        {
            var start = before.Threads.GetValueOrDefault(id);
            voluntary += thread.Voluntary - (start?.Voluntary ?? 0);
            involuntary += thread.Involuntary - (start?.Involuntary ?? 0);
        }

        return new ProcessCountersDelta(
            UserTicks - before.UserTicks,
            KernelTicks - before.KernelTicks,
            voluntary,
            involuntary,
            before.Threads.Keys.Count(id => !Threads.ContainsKey(id)),
            Threads.Count,
            ThreadPoolThreads);
    }
}

/// <summary>
/// A process's CPU ticks and its threads' context switches over a window, and its thread counts at the end of it.
/// </summary>
public sealed record ProcessCountersDelta(
    long UserTicks, long KernelTicks, long VoluntarySwitches, long InvoluntarySwitches, int ThreadsEnded, int Threads, int ThreadPoolThreads);
