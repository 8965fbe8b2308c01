namespace GameOps.EdgeAgent.Adapters;

/// <summary>The typed actions a job can ask for. Never shell commands.</summary>
public static class GameActions
{
    /// <summary>One console command, given verbatim in the <c>command</c> argument (a single line).</summary>
    public const string ConsoleRaw = "console.raw";

    /// <summary>A chat message to every player, in the <c>message</c> argument.</summary>
    public const string ChatSay = "chat.say";

    /// <summary>The game's list of connected players.</summary>
    public const string PlayersList = "players.list";

    /// <summary>Removes a player (argument <c>player</c>: name or id; optional <c>reason</c>).</summary>
    public const string PlayerKick = "player.kick";

    /// <summary>Bans a player (argument <c>player</c>; optional <c>reason</c> and <c>duration</c>).</summary>
    public const string PlayerBan = "player.ban";

    /// <summary>The in-game time.</summary>
    public const string ServerTime = "server.time";

    /// <summary>The game server's version.</summary>
    public const string ServerVersion = "server.version";

    /// <summary>The game server's resource use as it reports it.</summary>
    public const string ServerStats = "server.stats";

    /// <summary>Stops the game server through its console.</summary>
    public const string ServerShutdown = "server.shutdown";

    /// <summary>Saves the world.</summary>
    public const string WorldSave = "world.save";
}
