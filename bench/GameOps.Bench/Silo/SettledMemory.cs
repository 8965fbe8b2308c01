namespace GameOps.Bench.Silo;

/// <summary>The silo's memory after a forced full collection and settling: resident (from /proc) and managed heap.</summary>
public readonly record struct SettledMemory(long ResidentBytes, long ManagedHeapBytes);
