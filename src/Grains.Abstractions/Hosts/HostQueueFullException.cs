namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostQueueFullException")]
public sealed class HostQueueFullException : Exception
{
    public HostQueueFullException() { }

    public HostQueueFullException(string hostId, int limit)
        : base($"Host '{hostId}' already has {limit} jobs waiting for its agent; try again when it has caught up.") { }

    public HostQueueFullException(string message, Exception innerException) : base(message, innerException) { }
}
