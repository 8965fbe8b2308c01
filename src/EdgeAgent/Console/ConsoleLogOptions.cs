namespace GameOps.EdgeAgent.Console;

/// <summary>How the agent buffers and batches each game server's lines for the control plane. The defaults suit production; tests shorten them.</summary>
public sealed class ConsoleLogOptions
{
    /// <summary>Lines kept per server until the control plane acknowledges them; past this the oldest are dropped and a gap marker counts them.</summary>
    public int BufferLines { get; set; } = 10_000;

    /// <summary>The most entries in one <c>LogBatch</c>.</summary>
    public int MaxBatchLines { get; set; } = 500;

    /// <summary>About the most text in one <c>LogBatch</c>, in characters, so a heartbeat never waits behind a large write.</summary>
    public int MaxBatchChars { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a line waits for more to share its batch; a full batch leaves at once. A batch that is not full also
    /// waits for the acknowledgement of its server's batch before it (at most <see cref="AckWait"/>), so a busy control
    /// plane gets fewer, larger batches while a quick one sees each line within this delay.
    /// </summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a batch that is not full waits for the acknowledgement of the one before it, before it is sent anyway.</summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a log file is looked at for new lines, a rename or a truncation.</summary>
    public TimeSpan TailInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
