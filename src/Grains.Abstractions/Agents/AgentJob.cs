using System.Collections.Immutable;

namespace GameOps.Grains.Agents;

/// <summary>A job as the agent receives it.</summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the request that created the job, so the agent's work joins its trace; null when there was none.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AgentJob")]
public sealed record AgentJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string ServerId,
    [property: Id(2)] string Action,
    [property: Id(3)] ImmutableDictionary<string, string> Arguments,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] string? TraceParent = null);
