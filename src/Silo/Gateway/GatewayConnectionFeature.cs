namespace GameOps.Silo.Gateway;

/// <summary>Set on every connection that came in on the agent gateway's Kestrel endpoint.</summary>
public sealed class GatewayConnectionFeature
{
    public static GatewayConnectionFeature Instance { get; } = new();

    private GatewayConnectionFeature()
    {
    }
}
