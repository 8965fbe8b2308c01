using System.Collections.Immutable;

namespace GameOps.Grains.Hosts;

/// <summary>
/// A host's load over the last hour, one <see cref="HostLoadPoint"/> a minute, in a ring of 60 slots filled as
/// heartbeats come (the gateway passes on about one in three, ADR 0033, so a minute holds the peak of four or five).
/// Every connected host holds one, 10,000 on a silo: a slot is 8 bytes (the minute as a number and three whole
/// percents), 480 bytes for the hour, allocated at the first heartbeat. Held in memory only: writing it would be a
/// state write per host per minute for a chart, so a chart starts empty after a restart or a move of the host's grain.
/// </summary>
public sealed class HostLoadHistory
{
    private const int Capacity = HostLoadPoint.PerHour;

    private Slot[]? _slots;
    private int _newest = -1;
    private int _count;

    /// <summary>
    /// Folds one heartbeat's point into its minute: a later minute starts a slot (the oldest goes when the ring is full),
    /// the newest one's takes the peak. A point from before the newest minute (a clock set back) counts in the newest.
    /// </summary>
    public void Record(HostLoadPoint point)
    {
        var minute = MinuteNumber(point.Minute);
        _slots ??= new Slot[Capacity];
        if (_count > 0 && minute <= _slots[_newest].Minute)
        {
            ref var newest = ref _slots[_newest];
            newest = new Slot(newest.Minute, Math.Max(newest.Cpu, point.CpuPercent), Math.Max(newest.Memory, point.MemoryPercent), Math.Max(newest.Disk, point.DiskPercent));
            return;
        }

        _newest = (_newest + 1) % Capacity;
        _slots[_newest] = new Slot(minute, point.CpuPercent, point.MemoryPercent, point.DiskPercent);
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>The points of the hour up to <paramref name="now"/> (the minute it falls in and the 59 before), oldest first.</summary>
    public ImmutableArray<HostLoadPoint> LastHour(DateTimeOffset now)
    {
        if (_slots is null)
        {
            return [];
        }

        var first = MinuteNumber(HostLoadPoint.MinuteOf(now)) - Capacity + 1;
        var points = ImmutableArray.CreateBuilder<HostLoadPoint>(_count);
        for (var i = _count - 1; i >= 0; i--)
        {
            var slot = _slots[(_newest - i + Capacity) % Capacity];
            if (slot.Minute >= first)
            {
                points.Add(new HostLoadPoint(DateTimeOffset.UnixEpoch.AddMinutes(slot.Minute), slot.Cpu, slot.Memory, slot.Disk));
            }
        }

        return points.DrainToImmutable();
    }

    private static int MinuteNumber(DateTimeOffset minute) => (int)((minute.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMinute);

    private readonly record struct Slot(int Minute, byte Cpu, byte Memory, byte Disk);
}
