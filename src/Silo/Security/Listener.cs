namespace GameOps.Silo.Security;

/// <summary>Where a client presents its credentials: each keeps its own count of failures per address.</summary>
public enum Listener
{
    /// <summary>The REST API, the dashboard and /metrics: the admin API key.</summary>
    Api,

    /// <summary>The agent gateway: a host's credential on its gRPC stream.</summary>
    AgentGateway,
}
