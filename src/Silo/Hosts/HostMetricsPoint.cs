namespace GameOps.Silo.Hosts;

/// <summary>A host's load in one minute: the highest CPU, memory used and disk used its heartbeats reported, in whole percents.</summary>
/// <param name="Minute">The start of the minute, UTC.</param>
public sealed record HostMetricsPoint(DateTimeOffset Minute, int CpuPercent, int MemoryPercent, int DiskPercent);
