using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// Samples host load for heartbeats: CPU from the change in <c>/proc/stat</c>'s aggregate line since the previous
/// sample (proc(5)), memory from <c>/proc/meminfo</c> (total − available), disk from the filesystem holding
/// <see cref="DiskPath"/>. A missing or unreadable source gives zeros for its figures and one warning, never an error.
/// </summary>
public sealed partial class HostMetricsSampler(
    ILogger<HostMetricsSampler> logger,
    string diskPath,
    string procStatPath = "/proc/stat",
    string memInfoPath = "/proc/meminfo")
{
    private readonly Lock _lock = new();
    private ulong _previousTotal;
    private ulong _previousIdle;
    private bool _cpuWarned;
    private bool _memoryWarned;
    private bool _diskWarned;

    public string DiskPath => diskPath;

    public HostMetrics Sample()
    {
        lock (_lock)
        {
            var (memoryUsed, memoryTotal) = SampleMemory();
            var (diskUsed, diskTotal) = SampleDisk();
            return new HostMetrics(SampleCpu(), memoryUsed, memoryTotal, diskUsed, diskTotal);
        }
    }

    private double SampleCpu()
    {
        try
        {
            using var reader = new StreamReader(procStatPath);
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{procStatPath} does not start with the aggregate cpu line");
            }

            // user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is already in user.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            ulong total = 0;
            for (var i = 1; i < Math.Min(fields.Length, 9); i++)
            {
                total += ulong.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            var idle = ulong.Parse(fields[4], CultureInfo.InvariantCulture)
                + (fields.Length > 5 ? ulong.Parse(fields[5], CultureInfo.InvariantCulture) : 0);

            var totalDelta = total - _previousTotal;
            var idleDelta = idle - _previousIdle;
            if (total < _previousTotal || idle < _previousIdle)
            {
                totalDelta = total;
                idleDelta = idle;
            }

            _previousTotal = total;
            _previousIdle = idle;

            // The first sample covers the time since boot; later ones the time since the previous heartbeat.
            return totalDelta == 0 ? 0 : Math.Clamp(100.0 * (totalDelta - Math.Min(idleDelta, totalDelta)) / totalDelta, 0, 100);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException
            or OverflowException or InvalidDataException or IndexOutOfRangeException)
        {
            WarnOnce(ref _cpuWarned, "CPU", procStatPath, exception);
            return 0;
        }
    }

    private (ulong Used, ulong Total) SampleMemory()
    {
        try
        {
            ulong? total = null;
            ulong? available = null;
            ulong free = 0;
            ulong buffers = 0;
            ulong cached = 0;
            foreach (var line in File.ReadLines(memInfoPath))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                if (name is not ("MemTotal" or "MemAvailable" or "MemFree" or "Buffers" or "Cached"))
                {
                    continue;
                }

                // Values are in kibibytes despite the "kB" unit.
                var bytes = ulong.Parse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
                switch (name)
                {
                    case "MemTotal": total = bytes; break;
                    case "MemAvailable": available = bytes; break;
                    case "MemFree": free = bytes; break;
                    case "Buffers": buffers = bytes; break;
                    case "Cached": cached = bytes; break;
                }
            }

            if (total is not { } memoryTotal)
            {
                throw new InvalidDataException($"{memInfoPath} has no MemTotal line");
            }

            // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the old estimate.
            var memoryAvailable = Math.Min(available ?? free + buffers + cached, memoryTotal);
            return (memoryTotal - memoryAvailable, memoryTotal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException
            or OverflowException or InvalidDataException)
        {
            WarnOnce(ref _memoryWarned, "memory", memInfoPath, exception);
            return (0, 0);
        }
    }

    private (ulong Used, ulong Total) SampleDisk()
    {
        try
        {
            var drive = new DriveInfo(diskPath);
            var total = (ulong)drive.TotalSize;
            var free = (ulong)drive.TotalFreeSpace;
            return (total - Math.Min(free, total), total);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WarnOnce(ref _diskWarned, "disk", diskPath, exception);
            return (0, 0);
        }
    }

    private void WarnOnce(ref bool warned, string metric, string source, Exception exception)
    {
        if (!warned)
        {
            warned = true;
            LogUnavailable(metric, source, exception);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Heartbeats carry no {Metric} figures: {Source} could not be read")]
    private partial void LogUnavailable(string metric, string source, Exception exception);
}
