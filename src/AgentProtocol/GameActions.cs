using System.Collections.Frozen;

namespace GameOps.AgentProtocol;

/// <summary>
/// The typed actions a job can ask for (never shell commands), and which of them only read: both the agent and the
/// control plane's up-front policy check must agree on these, so they live here once.
/// </summary>
public static class GameActions
{
    /// <summary>One console command, given verbatim in the <c>command</c> argument (a single line).</summary>
    public const string ConsoleRaw = "console.raw";

    /// <summary>The argument of <see cref="ConsoleRaw"/> that holds the command.</summary>
    public const string ConsoleRawCommand = "command";

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

    /// <summary>Starts the game server's process through its systemd unit or supervisor (a power action).</summary>
    public const string ServerStart = "server.start";

    /// <summary>Stops the game server's process (a power action).</summary>
    public const string ServerStop = "server.stop";

    /// <summary>Restarts the game server's process and waits until its console answers again (a power action).</summary>
    public const string ServerRestart = "server.restart";

    /// <summary>Whether the game server's process runs, as systemd or the supervisor sees it (a power action that only reads).</summary>
    public const string ServerStatus = "server.status";

    /// <summary>Every action a job may name.</summary>
    public static FrozenSet<string> All { get; } = new[]
    {
        ConsoleRaw, ChatSay, PlayersList, PlayerKick, PlayerBan, ServerTime, ServerVersion,
        ServerStats, ServerShutdown, WorldSave, ServerStart, ServerStop, ServerRestart, ServerStatus,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The actions that run the host's process manager rather than the game's console.</summary>
    public static IReadOnlyList<string> Power { get; } = [ServerStart, ServerStop, ServerRestart, ServerStatus];

    /// <summary>
    /// The actions that only read: the only ones a read-only server runs, the only ones the agent may run again
    /// after a crash cut them short (running a read twice changes nothing), and the only ones it tries again, within
    /// the job's deadline, after an attempt failed on the way to the game.
    /// </summary>
    public static FrozenSet<string> ReadOnly { get; } =
        new[] { PlayersList, ServerTime, ServerVersion, ServerStats, ServerStatus }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="action"/> only reads (see <see cref="ReadOnly"/>).</summary>
    public static bool IsReadOnly(string action) => ReadOnly.Contains(action);
}
