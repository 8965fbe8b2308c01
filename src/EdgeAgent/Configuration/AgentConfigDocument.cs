namespace GameOps.EdgeAgent.Configuration;

/// <summary>The config file as written, before validation: every field may be missing or wrong.</summary>
internal sealed class AgentConfigDocument
{
    public string? ControlPlaneUrl { get; set; }

    public string? CertificateFingerprint { get; set; }

    public string? HostId { get; set; }

    public string? Credential { get; set; }

    public int? HeartbeatSeconds { get; set; }

    public int? HealthProbeSeconds { get; set; }

    public string? JournalPath { get; set; }

    public string? ConsoleLogDirectory { get; set; }

    public List<GameServerDocument?>? Servers { get; set; }
}
