namespace GameOps.Grains.GameServers;

/// <summary>What the agent's last health probe of a game server found.</summary>
[GenerateSerializer]
[Alias("GameOps.ServerHealth")]
public enum ServerHealth
{
    /// <summary>No probe result yet.</summary>
    Unknown = 0,

    /// <summary>The console answered.</summary>
    Up = 1,

    /// <summary>The console refused the connection or the password.</summary>
    Down = 2,

    /// <summary>The console accepted the connection but did not answer: the process lives, the game is frozen.</summary>
    Hung = 3,
}
