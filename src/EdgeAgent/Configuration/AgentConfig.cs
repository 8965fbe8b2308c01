namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// The agent's validated configuration, read from its JSON file by <see cref="AgentConfigLoader"/>.
/// Holds secrets (<see cref="Credential"/>, each server's password): it has no <c>ToString</c> that shows them,
/// and no part of it is logged whole.
/// </summary>
public sealed class AgentConfig
{
    /// <summary>The control plane's agent gateway: <c>http://</c> only on loopback (h2c), <c>https://</c> otherwise.</summary>
    public required Uri ControlPlaneUrl { get; init; }

    /// <summary>The one certificate the agent trusts for an <c>https://</c> gateway; null for loopback h2c.</summary>
    public CertificateFingerprint? CertificateFingerprint { get; init; }

    /// <summary>This host's id, as the control plane knows it.</summary>
    public required string HostId { get; init; }

    /// <summary>The per-host credential presented on every stream. A secret.</summary>
    public required string Credential { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(AgentConfigLoader.DefaultHeartbeatSeconds);

    /// <summary>How often each game server's console is probed (up, down or hung); <see cref="TimeSpan.Zero"/> turns the probe off.</summary>
    public TimeSpan HealthProbeInterval { get; init; } = TimeSpan.FromSeconds(AgentConfigLoader.DefaultHealthProbeSeconds);

    /// <summary>The absolute path of the job journal (JSON lines).</summary>
    public required string JournalPath { get; init; }

    /// <summary>
    /// The absolute path of the folder where each game server's console lines are appended to
    /// <c>&lt;serverId&gt;.log</c>; null (the default) keeps them in memory only.
    /// </summary>
    public string? ConsoleLogDirectory { get; init; }

    public IReadOnlyList<GameServerConfig> Servers { get; init; } = [];

    /// <summary>The server with <paramref name="serverId"/>, or null when this host has none by that id.</summary>
    public GameServerConfig? FindServer(string serverId)
    {
        foreach (var server in Servers)
        {
            if (string.Equals(server.Id, serverId, StringComparison.Ordinal))
            {
                return server;
            }
        }

        return null;
    }
}
