using GameOps.Grains.Hosts;

namespace GameOps.Silo.Hosts;

/// <summary>A host's load over the last hour, a point a minute, oldest first (<c>GET /hosts/{hostId}/metrics</c>).</summary>
/// <param name="Points">The minutes of the last hour in which a heartbeat was heard; none after the control plane restarted.</param>
public sealed record HostMetricsHistory(string HostId, IReadOnlyList<HostLoadPoint> Points);
