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
        var (user, kernel) = ProcFiles.CpuTicks(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        return (user + kernel) / (double)ClockTicksPerSecond;
    }

    /// <summary>
    /// CPU seconds of <paramref name="rootPid"/> and every process below it, with what their ended children used: a
    /// server that forks a process per connection (PostgreSQL) or runs under a wrapper (su, a shell).
    /// </summary>
    public static double TreeCpuSeconds(int rootPid)
    {
        var parents = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

                // ppid is field 4; utime, stime, cutime, cstime fields 14 to 17.
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                    + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                parents[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
            }
            catch (IOException)
            {
                // Ended while the list was read.
            }
        }

        long total = 0;
        foreach (var (pid, (_, ticks)) in parents)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var entry); p = entry.Parent)
            {
                if (p == rootPid)
                {
                    total += ticks;
                    break;
                }
            }
        }

        return total / (double)ClockTicksPerSecond;
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
