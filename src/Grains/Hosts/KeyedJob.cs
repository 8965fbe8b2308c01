namespace GameOps.Grains.Hosts;

/// <summary>The job an idempotency key stands for, and when the key stops standing for it.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("GameOps.KeyedJob")]
public sealed record KeyedJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] DateTimeOffset ExpiresAt);
