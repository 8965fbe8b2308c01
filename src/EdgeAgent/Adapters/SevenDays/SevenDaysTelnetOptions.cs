namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>Timings and limits of the 7 Days to Die telnet adapter.</summary>
public sealed record SevenDaysTelnetOptions
{
    /// <summary>
    /// How long after its last output line an answer without a known last line is taken as complete. Longer is safer
    /// for a busy server, shorter makes every such command return sooner; log lines do not count as output.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long connecting, the password exchange and the banner may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most one command may take when its job's deadline is further away (the job's deadline is the usual limit).
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest answer accepted, in UTF-8 bytes; a larger one fails the command and resets the connection.</summary>
    public int MaxAnswerBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How long after the game refused the password the adapter waits before trying it again: every try counts towards
    /// the game's <c>TelnetFailedLoginLimit</c>, after which it blocks the agent's address.
    /// </summary>
    public TimeSpan PasswordRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
