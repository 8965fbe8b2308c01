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
    /// waits, once its server's oldest unacknowledged batch is older than <see cref="AckWindow"/>, for an
    /// acknowledgement (at most <see cref="AckWait"/>), so a late control plane gets fewer, larger batches while a quick
    /// one sees each line within this delay.
    /// </summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How late a server's acknowledgements may be before its batches that are not full wait for one: while its oldest
    /// unacknowledged batch was sent less than this long ago, the next goes after <see cref="BatchDelay"/> without
    /// waiting (docs/adr/0041). Zero waits for every acknowledgement (docs/adr/0031).
    /// </summary>
    public TimeSpan AckWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a batch that is not full waits for an acknowledgement beyond the window, before it is sent anyway.</summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a log file is looked at for new lines, a rename or a truncation.</summary>
    public TimeSpan TailInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
