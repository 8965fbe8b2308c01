namespace GameOps.Grains.Agents;

[GenerateSerializer]
[Alias("GameOps.DisconnectReason")]
public enum DisconnectReason
{
    /// <summary>The stream ended: the agent closed it, its process died, or the network dropped.</summary>
    StreamEnded = 0,

    /// <summary>The stream stayed open but heartbeats stopped (a frozen agent).</summary>
    HeartbeatsMissed = 1,

    /// <summary>A newer stream of the same host took over.</summary>
    Superseded = 2,

    /// <summary>The host's credential was revoked or replaced by a new enrolment.</summary>
    Revoked = 3,

    /// <summary>Console lines the agent sent could not be stored; it sends them again on its next stream.</summary>
    ConsoleNotStored = 4,
}
