using GameOps.Grains;

namespace GameOps.Silo.Tests.Identity;

/// <summary>The domain clock on real time plus whatever a test adds.</summary>
public sealed class MovableDomainClock : IDomainClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
