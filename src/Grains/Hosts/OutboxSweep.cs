namespace GameOps.Grains.Hosts;

/// <summary>What <see cref="HostOutbox.Sweep"/> did.</summary>
/// <param name="Dropped">Whether any entry left the outbox.</param>
/// <param name="ExpiredUnsent">Entries that expired waiting for an agent before their deadline.</param>
public sealed record OutboxSweep(bool Dropped, IReadOnlyList<OutboxJob> ExpiredUnsent);
