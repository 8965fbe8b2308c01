using GameOps.Grains.Jobs;

namespace GameOps.Silo.Jobs;

/// <summary>What became of a job asked for: submitted, refused for its fields (<see cref="Errors"/>, by field), or refused outright.</summary>
public sealed record JobSubmitOutcome(JobSubmission? Submission, IDictionary<string, string[]>? Errors, JobRefusal? Refusal);
