namespace GameOps.Silo.Gateway;

/// <summary>Endpoint metadata for what the agent gateway's endpoint serves: the agent gRPC service and nothing else.</summary>
public sealed class GatewayEndpointMetadata
{
    public static GatewayEndpointMetadata Instance { get; } = new();

    private GatewayEndpointMetadata()
    {
    }
}
