namespace GameOps.Grains;

/// <summary>
/// The clock domain rules read. Orleans takes <see cref="TimeProvider"/> from dependency injection for
/// its own timers, reminders and membership, so a fake silo-wide TimeProvider would freeze the runtime;
/// the domain gets its own clock that tests can move.
/// </summary>
public interface IDomainClock
{
    DateTimeOffset UtcNow { get; }
}
