using System.Collections.Immutable;
using GameOps.Grains.Hosts;

namespace GameOps.Web.Hosts;

/// <summary>A host as the console lists it: status, when its agent was last heard from, its game servers.</summary>
/// <param name="Load">Its agent and load, for a row the hosts page shows; null where nobody asked for them.</param>
public sealed record HostRow(
    string Id,
    string Name,
    HostStatus Status,
    string? StatusReason,
    DateTimeOffset? LastHeartbeatAt,
    ImmutableArray<ServerRow> Servers,
    HostLoadRow? Load = null);
