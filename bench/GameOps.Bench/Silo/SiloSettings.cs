namespace GameOps.Bench.Silo;

/// <summary>The silo configuration a run asks for, as command-line settings.</summary>
public static class SiloSettings
{
    /// <summary>SQLite's default: every commit synced to disk, survives power loss.</summary>
    public const string Full = "Full";

    /// <summary>Commits reach the OS at once and the disk at checkpoints: survives a process crash, not a power cut.</summary>
    public const string Normal = "Normal";

    /// <summary>Every part of the silo's observability (dashboard, metrics, tracing) switched off.</summary>
    public static readonly string[] WithoutObservability =
    [
        "--GameOps:Observability:Dashboard=false",
        "--GameOps:Observability:Metrics=false",
        "--GameOps:Observability:Tracing=false",
    ];

    public static string[] For(string durability) => [$"--GameOps:Storage:Sqlite:Synchronous={durability}"];

    /// <summary>Settings given on the benchmark's command line as <c>key=value</c> pairs separated by ';'.</summary>
    public static string[] Parse(string? settings) =>
        [.. (settings ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(setting => $"--{setting}")];
}
