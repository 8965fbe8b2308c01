namespace GameOps.EdgeAgent.Jobs;

/// <summary>A job the journal holds a result for.</summary>
public sealed record FinishedJob(string JobId, JobResult Result);
