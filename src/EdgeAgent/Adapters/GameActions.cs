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
}
