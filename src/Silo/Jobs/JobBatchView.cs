using GameOps.Grains.Jobs;

namespace GameOps.Silo.Jobs;

/// <summary>A batch's jobs in the order they were asked for.</summary>
public sealed record JobBatchView(IReadOnlyList<JobBatchItemView> Jobs);
