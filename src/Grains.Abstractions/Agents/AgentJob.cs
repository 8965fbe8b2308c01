using System.Collections.Immutable;

namespace GameOps.Grains.Agents;

/// <summary>A job as the agent receives it.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.AgentJob")]
public sealed record AgentJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string Action,
    [property: Id(3)] ImmutableDictionary<string, string> Arguments,
    [property: Id(4)] DateTimeOffset Deadline);
