namespace GameOps.Grains.Jobs;

/// <summary>
/// A host's answer to the job grain that submitted itself: the submission, and whether the job was pushed to the
/// host's agent stream, which the job grain then notes as its dispatch without another call.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobAcceptance")]
public sealed record JobAcceptance(
    [property: Id(0)] JobSubmission Submission,
    [property: Id(1)] bool Dispatched);
