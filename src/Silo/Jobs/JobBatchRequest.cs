namespace GameOps.Silo.Jobs;

/// <summary>Up to 100 jobs for one host, submitted together.</summary>
public sealed record JobBatchRequest(List<JobBatchItemRequest>? Jobs);
