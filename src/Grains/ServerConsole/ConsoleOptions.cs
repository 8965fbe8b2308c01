using System.ComponentModel.DataAnnotations;

namespace GameOps.Grains.ServerConsole;

/// <summary>How much of each game server's console the control plane holds; bound from <c>GameOps:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "GameOps:Console";

    /// <summary>The most recent lines held per server, in memory, for viewers that connect or reconnect.</summary>
    [Range(1, 1_000_000, ErrorMessage = "GameOps:Console:RingLines must be between 1 and 1000000.")]
    public int RingLines { get; set; } = 5_000;

    /// <summary>
    /// While the silo is busy (<see cref="AckPacingQueueLength"/>), the shortest time between two acknowledgements of
    /// one server's lines on an agent's stream; a sooner one is held until then (docs/adr/0037). The agent sends a batch
    /// that is not full only after the one before it is acknowledged, so a server that streams lines sends them in
    /// batches this far apart, each line waiting up to this long on its host; zero (the default) never holds one. While
    /// the silo is not busy every write is acknowledged as soon as it is committed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "GameOps:Console:AckInterval must be between 0 and 1 second.")]
    public TimeSpan AckInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The shortest time between two console acknowledgement messages on the stream of an agent that lists
    /// <c>log-ack-window</c> (docs/adr/0041): such an agent keeps sending its batches without waiting for them, so the
    /// silo writes it one message an interval with each server's highest stored number, busy or not, instead of one
    /// per write. Zero acknowledges each write once it is committed. At most half a second: the agent waits for an
    /// acknowledgement only once its oldest unacknowledged batch is a second old.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.500", ErrorMessage = "GameOps:Console:WindowAckInterval must be between 0 and 0.5 seconds.")]
    public TimeSpan WindowAckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The shortest time from the start of one write of the silo's console lines to the start of the next
    /// (docs/adr/0044): lines that arrive meanwhile share the next write, so a busy silo writes fewer, fuller
    /// transactions, each line waiting at most this long more before it is stored, acknowledged and shown to viewers.
    /// Zero starts each write as soon as the one before it committed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100", ErrorMessage = "GameOps:Console:WriteInterval must be between 0 and 0.1 seconds.")]
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The length of the thread pool's queue (work items waiting for a thread) from which the silo counts as busy and
    /// paces console acknowledgements (<see cref="AckInterval"/>); 0 paces them always.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "GameOps:Console:AckPacingQueueLength must be between 0 and 1000000.")]
    public int AckPacingQueueLength { get; set; } = 16;
}
