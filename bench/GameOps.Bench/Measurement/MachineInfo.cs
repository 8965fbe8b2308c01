using System.Globalization;

namespace GameOps.Bench.Measurement;

/// <summary>What the benchmark ran on, read from /proc.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string CpuModel, string Kernel, string Runtime)
{
    public static MachineInfo Read()
    {
        var model = File.ReadLines("/proc/cpuinfo")
            .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKb = File.ReadLines("/proc/meminfo")
            .First(line => line.StartsWith("MemTotal:", StringComparison.Ordinal))["MemTotal:".Length..]
            .Trim().Split(' ')[0];
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "unknown";
        return new MachineInfo(
            Environment.ProcessorCount,
            long.Parse(memoryKb, CultureInfo.InvariantCulture) * 1024,
            model,
            kernel,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1-minute load average: above zero before a run means something else was busy.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
