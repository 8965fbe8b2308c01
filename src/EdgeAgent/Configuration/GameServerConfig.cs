using GameOps.AgentProtocol.Policy;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// One game server on this host, as its config file declares it. <see cref="Address"/> and <see cref="Password"/>
/// never leave the host: the Hello lists only id, name, kind and allowed actions.
/// </summary>
public sealed class GameServerConfig
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The adapter kind, e.g. <c>source-rcon</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Where the game's console listens.</summary>
    public required ServerAddress Address { get; init; }

    /// <summary>The console password. A secret.</summary>
    public required string Password { get; init; }

    /// <summary>The actions this host's policy allows on this server, in the order the file gave them.</summary>
    public required IReadOnlyList<string> AllowedActions { get; init; }

    /// <summary>How the server's process is started and stopped (the power actions); null when the agent may not.</summary>
    public ServerPowerConfig? Power { get; init; }

    /// <summary>
    /// The absolute path of the game's log file, whose lines the agent follows and sends to the control plane instead
    /// of those its console connection hears; null to send the console connection's lines.
    /// </summary>
    public string? LogFile { get; init; }

    /// <summary>The config file's rules beyond <see cref="AllowedActions"/>: read-only mode, argument limits, deny patterns, rate limits.</summary>
    public ServerPolicy Policy { get; init; } = ServerPolicy.Unrestricted;

    /// <summary>This host's whole policy for the server: <see cref="Policy"/> limited to <see cref="AllowedActions"/>.</summary>
    public ServerPolicy HostPolicy => field ??= Policy.Narrow(new ServerPolicy { AllowedActions = AllowedActions });
}
