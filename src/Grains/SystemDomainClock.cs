namespace GameOps.Grains;

public sealed class SystemDomainClock : IDomainClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
