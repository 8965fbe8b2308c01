namespace GameOps.EdgeAgent.Channel;

/// <summary>Timing of the agent's gRPC stream. The defaults suit production; tests shorten them.</summary>
public sealed class AgentChannelOptions
{
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between attempts to reach a control plane that does not answer: however long it was away,
    /// the agent is back within this long of its return.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait after the control plane answered and refused the stream (a wrong credential, another agent
    /// connected as this host): retrying sooner would not help, and would fill the control plane's log.
    /// </summary>
    public TimeSpan RefusedReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream that stayed open this long resets the backoff to <see cref="InitialReconnectDelay"/>.</summary>
    public TimeSpan StableConnectionTime { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// HTTP/2 PING interval: a control plane that froze or vanished with the TCP connection left open is noticed
    /// within <see cref="KeepAlivePingDelay"/> + <see cref="KeepAlivePingTimeout"/>, and the agent reconnects.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long stopping the agent waits for running jobs to finish.</summary>
    public TimeSpan ShutdownJobWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seeds the backoff jitter; null (the default) uses a shared random source.</summary>
    public int? JitterSeed { get; set; }
}
