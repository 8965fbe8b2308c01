using GameOps.Grains;

namespace GameOps.Grains.Tests;

/// <summary>A domain clock that starts at the real time and moves only when a test moves it.</summary>
public sealed class ManualDomainClock : IDomainClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
