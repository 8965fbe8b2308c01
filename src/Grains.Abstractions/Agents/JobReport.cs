namespace GameOps.Grains.Agents;

/// <summary>An agent's word on a job: it started, or it ended with <see cref="Result"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobReport")]
public sealed record JobReport(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Jobs.JobResult? Result)
{
    public bool IsFinal => Result is not null;
}
