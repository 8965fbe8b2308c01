using GameOps.Grains.Jobs;

namespace GameOps.Silo.Jobs;

/// <summary>One job of a batch; <see cref="Created"/> is false when its idempotency key found an earlier job.</summary>
public sealed record JobBatchItemView(JobView Job, bool Created);
