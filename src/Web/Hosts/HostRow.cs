using System.Collections.Immutable;
using GameOps.Grains.Hosts;

namespace GameOps.Web.Hosts;

/// <summary>A host as the console lists it: status, when its agent was last heard from, its game servers.</summary>
public sealed record HostRow(
    string Id,
    string Name,
    HostStatus Status,
    string? StatusReason,
    DateTimeOffset? LastHeartbeatAt,
    ImmutableArray<ServerRow> Servers);
