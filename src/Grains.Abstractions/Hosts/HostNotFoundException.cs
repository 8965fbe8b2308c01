namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostNotFoundException")]
public sealed class HostNotFoundException : Exception
{
    public HostNotFoundException() { }

    public HostNotFoundException(string hostId) : base($"Host '{hostId}' does not exist.") { }

    public HostNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
