namespace GameOps.EdgeAgent.Configuration;

/// <summary>A server's <c>power</c> object in the config file, before validation.</summary>
internal sealed class ServerPowerDocument
{
    public string? SystemdUnit { get; set; }

    public Dictionary<string, List<string?>?>? Commands { get; set; }

    public int? RestartWaitSeconds { get; set; }
}
