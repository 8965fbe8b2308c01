namespace GameOps.EdgeAgent.Adapters;

/// <summary>
/// A game's answer to one action: the console text as it came, and, for actions with a typed result (a player
/// list, the game time), that result as JSON (see <see cref="Results.GameResultJson"/>).
/// </summary>
public sealed record GameResult(string Text, string? DataJson = null);
