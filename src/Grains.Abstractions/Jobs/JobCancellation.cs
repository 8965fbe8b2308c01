namespace GameOps.Grains.Jobs;

/// <summary>What a request to cancel a job did, and the job as it stands after it.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobCancellation")]
public sealed record JobCancellation(
    [property: Id(0)] CancelOutcome Outcome,
    [property: Id(1)] JobView Job);
