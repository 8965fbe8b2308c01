using System.Collections.Immutable;

namespace GameOps.Grains.Jobs;

/// <summary>A request to run one typed action on one game server of a host.</summary>
/// <param name="TraceParent">
/// The W3C trace context of the request behind the job, carried to the agent with it. Passed explicitly: grain
/// calls carry the ambient one only while spans are exported (ADR 0008).
/// </param>
[GenerateSerializer, Immutable]
[Alias("GameOps.SubmitJob")]
public sealed record SubmitJob(
    [property: Id(6)] string OrgId,
    [property: Id(0)] string ServerId,
    [property: Id(1)] string Action,
    [property: Id(2)] ImmutableDictionary<string, string> Arguments,
    [property: Id(3)] TimeSpan Timeout,
    [property: Id(4)] Actor RequestedBy,
    [property: Id(5)] string? IdempotencyKey = null,
    [property: Id(7)] string? TraceParent = null);
