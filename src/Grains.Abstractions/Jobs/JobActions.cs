using System.Collections.Frozen;

namespace GameOps.Grains.Jobs;

/// <summary>
/// The typed actions a job may carry. Jobs are never shell strings: the agent maps each action onto
/// its game adapter and its local policy decides whether it runs.
/// </summary>
public static class JobActions
{
    public const string ConsoleRaw = "console.raw";
    public const string ChatSay = "chat.say";
    public const string PlayersList = "players.list";
    public const string PlayerKick = "player.kick";
    public const string PlayerBan = "player.ban";
    public const string ServerTime = "server.time";
    public const string ServerVersion = "server.version";
    public const string ServerStats = "server.stats";
    public const string ServerShutdown = "server.shutdown";
    public const string ServerRestart = "server.restart";
    public const string ServerStart = "server.start";
    public const string ServerStop = "server.stop";
    public const string ServerStatus = "server.status";
    public const string WorldSave = "world.save";

    public static FrozenSet<string> All { get; } = new[]
    {
        ConsoleRaw, ChatSay, PlayersList, PlayerKick, PlayerBan, ServerTime, ServerVersion,
        ServerStats, ServerShutdown, ServerRestart, ServerStart, ServerStop, ServerStatus, WorldSave,
    }.ToFrozenSet(StringComparer.Ordinal);
}
