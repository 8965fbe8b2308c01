using System.Collections.Immutable;

namespace GameOps.Grains.Hosts;

/// <summary>
/// A host's load over the last hour, one <see cref="HostLoadPoint"/> a minute, in a ring of 60 slots indexed by the
/// minute, filled as heartbeats come (the gateway passes on about one in three, ADR 0033, so a minute holds the peak of
/// four or five). Every connected host holds one, 10,000 on a silo: a slot is its three whole percents (3 bytes, its
/// minute known from its place and the newest minute's number), 180 bytes for the hour, allocated at the first
/// heartbeat. Held in memory only: writing it would be a state write per host per minute for a chart, so a chart
/// starts empty after a restart or a move of the host's grain.
/// </summary>
public sealed class HostLoadHistory
{
    private const int Capacity = HostLoadPoint.PerHour;

    // Marks a minute without a heartbeat: a percent is never above 100.
    private const byte NoPoint = byte.MaxValue;

    private Slot[]? _slots;
    private int _newestMinute;

    /// <summary>
    /// Folds one heartbeat's point into its minute: a later minute takes its slot (the minutes skipped since the newest
    /// are emptied), the newest one's takes the peak. A point from before the newest minute (a clock set back) counts in
    /// the newest.
    /// </summary>
    public void Record(HostLoadPoint point)
    {
        var minute = MinuteNumber(point.Minute);
        if (_slots is null)
        {
            _slots = new Slot[Capacity];
            _slots.AsSpan().Fill(new Slot(NoPoint, 0, 0));
        }
        else if (minute <= _newestMinute)
        {
            ref var newest = ref _slots[_newestMinute % Capacity];
            newest = new Slot(Math.Max(newest.Cpu, point.CpuPercent), Math.Max(newest.Memory, point.MemoryPercent), Math.Max(newest.Disk, point.DiskPercent));
            return;
        }
        else
        {
            for (var skipped = _newestMinute + 1; skipped < minute && skipped <= _newestMinute + Capacity; skipped++)
            {
                _slots[skipped % Capacity] = new Slot(NoPoint, 0, 0);
            }
        }

        _slots[minute % Capacity] = new Slot(point.CpuPercent, point.MemoryPercent, point.DiskPercent);
        _newestMinute = minute;
    }

    /// <summary>The points of the hour up to <paramref name="now"/> (the minute it falls in and the 59 before), oldest first.</summary>
    public ImmutableArray<HostLoadPoint> LastHour(DateTimeOffset now)
    {
        if (_slots is null)
        {
            return [];
        }

        var first = Math.Max(MinuteNumber(HostLoadPoint.MinuteOf(now)), _newestMinute) - Capacity + 1;
        var points = ImmutableArray.CreateBuilder<HostLoadPoint>(Capacity);
        for (var minute = first; minute <= _newestMinute; minute++)
        {
            var slot = _slots[minute % Capacity];
            if (slot.Cpu != NoPoint)
            {
                points.Add(new HostLoadPoint(DateTimeOffset.UnixEpoch.AddMinutes(minute), slot.Cpu, slot.Memory, slot.Disk));
            }
        }

        return points.ToImmutable();
    }

    private static int MinuteNumber(DateTimeOffset minute) => (int)((minute.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMinute);

    private readonly record struct Slot(byte Cpu, byte Memory, byte Disk);
}
