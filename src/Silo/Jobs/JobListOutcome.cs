namespace GameOps.Silo.Jobs;

/// <summary>A page of jobs, or why there is none: a bad filter (<see cref="Errors"/>, by field) or a host the org does not have.</summary>
public sealed record JobListOutcome(JobPage? Page, Dictionary<string, string[]>? Errors, string? NotFound);
