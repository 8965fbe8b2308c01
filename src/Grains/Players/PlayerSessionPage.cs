namespace GameOps.Grains.Players;

/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record PlayerSessionPage(IReadOnlyList<PlayerSession> Sessions, PlayerSessionCursor? Next);
