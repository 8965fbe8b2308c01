namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>
/// The typed result of <c>server.stats</c>: the game's own view of its load, as far as it reports it; fields a game
/// does not report stay null.
/// </summary>
public sealed record ServerStats
{
    /// <summary>How long the game has been running, in seconds.</summary>
    public double? UptimeSeconds { get; init; }

    /// <summary>Server frames (ticks) per second.</summary>
    public double? Fps { get; init; }

    /// <summary>The managed heap in use, in MiB.</summary>
    public double? HeapMegabytes { get; init; }

    /// <summary>The largest the managed heap has been, in MiB.</summary>
    public double? MaxHeapMegabytes { get; init; }

    /// <summary>The process's resident memory, in MiB.</summary>
    public double? ResidentMegabytes { get; init; }

    public int? Players { get; init; }

    /// <summary>Hostile creatures alive (7 Days to Die's zombies and animals that attack).</summary>
    public int? Zombies { get; init; }

    /// <summary>Entities alive in the world.</summary>
    public int? Entities { get; init; }

    /// <summary>World chunks loaded.</summary>
    public int? Chunks { get; init; }

    /// <summary>Items lying in the world.</summary>
    public int? Items { get; init; }
}
