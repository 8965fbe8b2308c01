namespace GameOps.Silo.Gateway;

/// <summary>Marks a gRPC service of the API (the jobs API): served on the API's listeners, never on the gateway's.</summary>
public sealed class ApiGrpcEndpointMetadata
{
    public static ApiGrpcEndpointMetadata Instance { get; } = new();

    private ApiGrpcEndpointMetadata()
    {
    }
}
