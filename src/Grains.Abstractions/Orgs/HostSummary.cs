using System.Collections.Immutable;
using GameOps.Grains.Hosts;

namespace GameOps.Grains.Orgs;

/// <summary>What an org's summary knows of one host: enough to list it without asking the host itself.</summary>
/// <param name="StatusReason">Why the host is not Online, when known.</param>
/// <param name="LastHeartbeatAt">When its agent was last heard from, to within the 5 s the metrics events are spaced by; null if never.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostSummary")]
public sealed record HostSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] HostStatus Status,
    [property: Id(3)] string? StatusReason,
    [property: Id(4)] DateTimeOffset StatusChangedAt,
    [property: Id(5)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(6)] ImmutableArray<ServerSummary> Servers);
