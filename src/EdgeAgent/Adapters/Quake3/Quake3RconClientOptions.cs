namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>Timing and limits of the Quake 3 rcon exchanges with one server.</summary>
public sealed record Quake3RconClientOptions
{
    /// <summary>
    /// How long no further datagram may arrive before an answer counts as complete. The server sends all slices of one
    /// answer at once, so this only has to cover the network's jitter between them.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait for the first datagram of an answer (the job's deadline usually ends the wait sooner).</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// For a read-only command only (<c>status</c>, the probe): how long to wait for the first datagram before the
    /// request counts as lost and is sent again, from a fresh socket so a late answer to the first copy is not mixed in.
    /// </summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a read-only command is sent again after <see cref="ResendAfter"/>.</summary>
    public int MaxResends { get; init; } = 2;

    /// <summary>The largest answer accepted, in bytes over all its datagrams; a larger one fails the command.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Requests the agent sends back to back before pacing starts (ioquake3 accepts 10).</summary>
    public int Burst { get; init; } = 9;

    /// <summary>After the burst, one request per this interval (ioquake3 accepts one per second).</summary>
    public TimeSpan RefillInterval { get; init; } = TimeSpan.FromMilliseconds(1100);
}
