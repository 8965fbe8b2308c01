namespace GameOps.Grains.Jobs;

/// <summary>The job a submission produced; <see cref="Created"/> is false when an idempotency key replayed an earlier one.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobSubmission")]
public sealed record JobSubmission(
    [property: Id(0)] JobView Job,
    [property: Id(1)] bool Created);
