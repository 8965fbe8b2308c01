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

    public bool Allows(string action) => AllowedActions.Contains(action, StringComparer.Ordinal);
}
