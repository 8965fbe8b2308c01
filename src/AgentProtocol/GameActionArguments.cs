using System.Collections.Frozen;

namespace GameOps.AgentProtocol;

/// <summary>
/// The arguments each game action reads, named as every adapter reads them; an action not listed takes none. Games
/// differ in what they accept (a timed ban, a player's id or name): the adapter refuses what its game cannot do.
/// </summary>
public static class GameActionArguments
{
    public const string Message = "message";
    public const string Player = "player";
    public const string Reason = "reason";
    public const string Duration = "duration";

    private static readonly FrozenDictionary<string, ActionArgument[]> ByAction = new Dictionary<string, ActionArgument[]>
    {
        [GameActions.ConsoleRaw] = [new(GameActions.ConsoleRawCommand, true, "One console command, sent as typed (a single line)")],
        [GameActions.ChatSay] = [new(Message, true, "The text every player sees in chat")],
        [GameActions.PlayerKick] =
        [
            new(Player, true, "The player's name or id, as the player list shows it"),
            new(Reason, false, "Why, shown to the player"),
        ],
        [GameActions.PlayerBan] =
        [
            new(Player, true, "The player's name or id, as the player list shows it"),
            new(Reason, false, "Why, shown to the player"),
            new(Duration, false, "How long, e.g. '7 days' (games without timed bans ban for good: leave it empty)"),
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The arguments <paramref name="action"/> reads, required ones first; empty when it reads none.</summary>
    public static IReadOnlyList<ActionArgument> Of(string action) => ByAction.TryGetValue(action, out var arguments) ? arguments : [];
}
