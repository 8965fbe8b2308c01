namespace GameOps.Silo.Players;

/// <summary>The players online on a game server now, longest online first.</summary>
public sealed record OnlinePlayers(IReadOnlyList<OnlinePlayerView> Players);
