using GameOps.Grains;

namespace GameOps.Grains.Tests;

/// <summary>A domain clock that runs at the pace of real time and jumps only when a test moves or sets it.</summary>
public sealed class ManualDomainClock : IDomainClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Sets the clock to <paramref name="instant"/>, from which it runs on as before.</summary>
    public void SetTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - DateTimeOffset.UtcNow).Ticks);
}
