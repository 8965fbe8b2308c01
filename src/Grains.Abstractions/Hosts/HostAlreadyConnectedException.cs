namespace GameOps.Grains.Hosts;

/// <summary>A stream asked to connect a host whose agent is connected on another stream and heartbeating.</summary>
[GenerateSerializer]
[Alias("GameOps.HostAlreadyConnectedException")]
public sealed class HostAlreadyConnectedException : Exception
{
    public HostAlreadyConnectedException() { }

    public HostAlreadyConnectedException(string message) : base(message) { }

    public HostAlreadyConnectedException(string hostId, TimeSpan sinceHeartbeat)
        : base($"Another agent is connected as host '{hostId}' and sent a heartbeat {sinceHeartbeat.TotalSeconds:0.0} s ago, so this stream is refused. " +
            "Two agents must not run with one host's credential.") { }

    public HostAlreadyConnectedException(string message, Exception innerException) : base(message, innerException) { }
}
