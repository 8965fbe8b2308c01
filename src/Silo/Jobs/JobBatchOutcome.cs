using System.Collections.Immutable;
using GameOps.Grains.Jobs;

namespace GameOps.Silo.Jobs;

/// <summary>What became of a batch: every job submitted (in order), or the batch refused for its fields (by field) or outright.</summary>
public sealed record JobBatchOutcome(ImmutableArray<JobSubmission>? Submissions, IDictionary<string, string[]>? Errors, JobRefusal? Refusal);
