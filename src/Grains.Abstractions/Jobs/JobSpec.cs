using System.Collections.Immutable;

namespace GameOps.Grains.Jobs;

/// <summary>Everything a job is created with; fixed for the job's life.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.JobSpec")]
public sealed record JobSpec(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string HostId,
    [property: Id(2)] string ServerId,
    [property: Id(3)] string Action,
    [property: Id(4)] ImmutableDictionary<string, string> Arguments,
    [property: Id(5)] Actor RequestedBy,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset Deadline,
    [property: Id(8)] string? IdempotencyKey);
