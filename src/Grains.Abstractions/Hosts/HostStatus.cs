namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostStatus")]
public enum HostStatus
{
    /// <summary>Registered; its agent has not connected yet.</summary>
    Pending = 0,
    /// <summary>Its agent is connected and heartbeating.</summary>
    Online = 1,

    /// <summary>It was Online, but no agent has connected to it since the control plane restarted (see the status reason).</summary>
    Degraded = 2,

    /// <summary>Its agent's stream ended, or its heartbeats stopped.</summary>
    Offline = 3,
}
