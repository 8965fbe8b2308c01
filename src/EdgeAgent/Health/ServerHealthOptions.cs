namespace GameOps.EdgeAgent.Health;

/// <summary>Timing of the health probe beyond its interval (which is <c>healthProbeSeconds</c> in the agent config).</summary>
public sealed class ServerHealthOptions
{
    /// <summary>How long one probe may take before the server counts as hung.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
