namespace GameOps.Grains.Hosts;

[GenerateSerializer]
[Alias("GameOps.HostAlreadyRegisteredException")]
public sealed class HostAlreadyRegisteredException : Exception
{
    public HostAlreadyRegisteredException() { }

    public HostAlreadyRegisteredException(string hostId) : base($"Host '{hostId}' is already registered.") { }

    public HostAlreadyRegisteredException(string message, Exception innerException) : base(message, innerException) { }
}
