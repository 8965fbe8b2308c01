using GameOps.Grains.Agents;

namespace GameOps.Grains.Hosts;

/// <summary>
/// A host's load in one minute, in whole percents: the highest each figure reached in the heartbeats heard that minute.
/// The peak rather than the mean so a minute's spike shows, and because peaks merge without counts: whoever folds
/// heartbeats into points (the host grain, a console page following the org's events) gets the same point.
/// </summary>
/// <param name="Minute">The start of the minute, UTC.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostLoadPoint")]
public readonly record struct HostLoadPoint(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] byte CpuPercent,
    [property: Id(2)] byte MemoryPercent,
    [property: Id(3)] byte DiskPercent)
{
    /// <summary>How many points the last hour holds: one a minute.</summary>
    public const int PerHour = 60;

    /// <summary>The point of the minute <paramref name="at"/> falls in, for one heartbeat's metrics; a figure without a total is 0 %.</summary>
    public static HostLoadPoint Of(DateTimeOffset at, HostMetrics metrics) => new(
        MinuteOf(at), Percent(metrics.CpuPercent), Percent(metrics.MemoryUsedBytes, metrics.MemoryTotalBytes), Percent(metrics.DiskUsedBytes, metrics.DiskTotalBytes));

    public static DateTimeOffset MinuteOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    /// <summary>This point with each figure raised to <paramref name="other"/>'s where it is higher; the minute stays.</summary>
    public HostLoadPoint Peak(HostLoadPoint other) => this with
    {
        CpuPercent = Math.Max(CpuPercent, other.CpuPercent),
        MemoryPercent = Math.Max(MemoryPercent, other.MemoryPercent),
        DiskPercent = Math.Max(DiskPercent, other.DiskPercent),
    };

    private static byte Percent(double percent) => double.IsNaN(percent) ? (byte)0 : (byte)Math.Clamp(Math.Round(percent, MidpointRounding.AwayFromZero), 0, 100);

    private static byte Percent(ulong used, ulong total) => total == 0 ? (byte)0 : Percent(100.0 * used / total);
}
