using System.Diagnostics;
using System.Globalization;

namespace GameOps.Bench.Measurement;

/// <summary>CPU time and resident memory of a process, read from Linux's /proc.</summary>
public static class ProcessSampler
{
    /// <summary>Kernel clock ticks per second (USER_HZ), the unit of /proc/&lt;pid&gt;/stat's times.</summary>
    public static long ClockTicksPerSecond { get; } = ReadClockTicks();

    /// <summary>User plus system CPU time the process has used, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        // /proc/<pid>/stat: "pid (comm) state ..." and utime, stime are fields 14 and 15; comm may hold spaces.
        var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / (double)ClockTicksPerSecond;
    }

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>
    /// Context switches (voluntary and not) of the process's threads now alive, summed over /proc/&lt;pid&gt;/task/*/status;
    /// a thread that ended takes its own with it.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long sum = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        sum += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The thread ended while being read.
            }
        }

        return sum;
    }

    /// <summary>Busy CPU time of the whole machine (all cores, everything but idle and I/O wait), in seconds.</summary>
    public static double MachineBusySeconds()
    {
        var first = File.ReadLines("/proc/stat").First();
        var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        long busy = 0;
        for (var i = 0; i < Math.Min(values.Length, 8); i++)
        {
            if (i is not (3 or 4))
            {
                busy += values[i];
            }
        }

        return busy / (double)ClockTicksPerSecond;
    }

    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = getconf?.StandardOutput.ReadToEnd().Trim();
            getconf?.WaitForExit();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
            {
                return ticks;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: fall back to the value every mainstream Linux ABI fixes.
        }

        return 100;
    }
}
