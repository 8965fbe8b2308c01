namespace GameOps.Grains.Agents;

/// <summary>The host's load as its last heartbeat reported it.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.HostMetrics")]
public sealed record HostMetrics(
    [property: Id(0)] double CpuPercent,
    [property: Id(1)] ulong MemoryUsedBytes,
    [property: Id(2)] ulong MemoryTotalBytes,
    [property: Id(3)] ulong DiskUsedBytes,
    [property: Id(4)] ulong DiskTotalBytes);
