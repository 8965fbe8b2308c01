namespace GameOps.Silo.Hosting;

/// <summary>What one process of a deployment runs, set by <c>GameOps:Silo:Roles</c> (<c>All</c>, or names joined by commas).</summary>
[Flags]
public enum SiloRoles
{
    None = 0,

    /// <summary>The Orleans silo: grains, their storage, reminders, stream delivery. Without it the process joins as an Orleans client.</summary>
    Grains = 1,

    /// <summary>The agents' gRPC endpoint (<c>Kestrel:Endpoints:Gateway</c>).</summary>
    AgentGateway = 2,

    /// <summary>The REST API under <c>/api/v1</c>, its OpenAPI document and Server-Sent Events.</summary>
    Api = 4,

    /// <summary>The web console at <c>/</c>.</summary>
    WebConsole = 8,

    All = Grains | AgentGateway | Api | WebConsole,
}
