using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Hosts;

/// <param name="StatusReason">Why the host is Degraded or Offline, when that is known; null when it is Online.</param>
/// <param name="EnrolmentExpiresAt">When the host's unused enrolment token expires; null when it has none.</param>
/// <param name="Conflict">A second agent stream refused lately, while this host's agent was connected; null when none.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostView")]
public sealed record HostView(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Name,
    [property: Id(3)] HostStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset StatusChangedAt,
    [property: Id(6)] string? AgentVersion,
    [property: Id(7)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(8)] HostMetrics? Metrics,
    [property: Id(9)] ImmutableArray<GameServerDescriptor> Servers,
    [property: Id(10)] int QueuedJobs,
    [property: Id(11)] string? StatusReason,
    [property: Id(12)] HostConflict? Conflict,
    [property: Id(13)] DateTimeOffset? EnrolmentExpiresAt = null);
