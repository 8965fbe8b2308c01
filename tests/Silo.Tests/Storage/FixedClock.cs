using GameOps.Grains;

namespace GameOps.Silo.Tests.Storage;

/// <summary>A domain clock stopped at <paramref name="now"/>, for the retention sweeps.</summary>
internal sealed class FixedClock(DateTimeOffset now) : IDomainClock
{
    public DateTimeOffset UtcNow { get; } = now;
}
