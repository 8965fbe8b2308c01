using System.Collections.Immutable;

namespace GameOps.Grains.Hosts;

/// <summary>A host's agent and its load: what the console's hosts page shows of it beside the org summary's row.</summary>
/// <param name="OrgId">The host's org, for the caller's check.</param>
/// <param name="AgentVersion">The version the agent gave in its last Hello; null before one connected.</param>
/// <param name="Latest">The latest heartbeat's load, stamped with its minute; null while no agent is connected.</param>
/// <param name="LastHour">A point a minute, oldest first, for the minutes of the last hour in which a heartbeat was
/// heard; empty after the host's activation moved or the control plane restarted (held in memory only).</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostLoad")]
public sealed record HostLoad(
    [property: Id(0)] string OrgId,
    [property: Id(1)] string? AgentVersion,
    [property: Id(2)] HostLoadPoint? Latest,
    [property: Id(3)] ImmutableArray<HostLoadPoint> LastHour);
