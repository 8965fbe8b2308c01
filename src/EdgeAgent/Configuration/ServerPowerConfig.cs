namespace GameOps.EdgeAgent.Configuration;

/// <summary>
/// How the agent starts, stops, restarts and checks a game server's process: its systemd unit, or a supervisor's
/// commands given as argument arrays. Nothing from the network ever reaches either.
/// </summary>
public sealed class ServerPowerConfig
{
    /// <summary>The systemd unit run through <c>systemctl</c>, e.g. <c>cs2.service</c>; null when <see cref="Commands"/> are used.</summary>
    public string? SystemdUnit { get; init; }

    /// <summary>Per power action, the program and its arguments (a supervisor's own commands).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Commands { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How long a restart waits for the game's console to answer again before its job fails.</summary>
    public TimeSpan RestartWait { get; init; } = TimeSpan.FromSeconds(AgentConfigLoader.DefaultRestartWaitSeconds);

    /// <summary>The power actions this configuration can run.</summary>
    public IEnumerable<string> Actions => SystemdUnit is not null ? AgentProtocol.GameActions.Power : Commands.Keys;
}
