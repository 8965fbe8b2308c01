namespace GameOps.EdgeAgent.Channel;

/// <summary>One heartbeat's view of the host; a figure the host could not provide is zero.</summary>
public readonly record struct HostMetrics(
    double CpuPercent,
    ulong MemoryUsedBytes,
    ulong MemoryTotalBytes,
    ulong DiskUsedBytes,
    ulong DiskTotalBytes);
