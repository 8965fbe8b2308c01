using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.ServerConsole;

/// <summary>How much of each game server's console the control plane holds; bound from <c>GameOps:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "GameOps:Console";

    /// <summary>The most recent lines held per server, in memory, for viewers that connect or reconnect.</summary>
    [Range(1, 1_000_000, ErrorMessage = "GameOps:Console:RingLines must be between 1 and 1000000.")]
    public int RingLines { get; set; } = 5_000;
}
