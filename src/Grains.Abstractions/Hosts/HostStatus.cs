namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostStatus")]
public enum HostStatus
{
    /// <summary>Registered; its agent has not connected yet.</summary>
    Pending = 0,
    Online = 1,
    Degraded = 2,
    Offline = 3,
}
