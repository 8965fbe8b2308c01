using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.ServerConsole;

/// <summary>The console's Server-Sent Events clients; bound from <c>GameOps:Console</c>.</summary>
public sealed class ConsoleViewerOptions
{
    /// <summary>How many batches of lines wait for one slow SSE client before it is made to catch up from the held lines.</summary>
    [Range(1, 100_000, ErrorMessage = "GameOps:Console:ViewerQueueBatches must be between 1 and 100000.")]
    public int ViewerQueueBatches { get; set; } = 256;
}
