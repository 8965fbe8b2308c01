using GameOps.Grains.Agents;

namespace GameOps.Grains.Events;

/// <summary>A host's load from its agent's heartbeat; at most one per host per <see cref="MinInterval"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostMetricsReported")]
public sealed record HostMetricsReported(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string HostId,
    [property: Id(1)] HostMetrics Metrics)
    : OrgEvent(OrgId, At, Sequence, Actor), IOrgStateEvent
{
    /// <summary>The shortest time between two metrics events of one host, on the domain clock.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);
}
