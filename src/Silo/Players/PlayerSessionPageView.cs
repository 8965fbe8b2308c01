namespace GameOps.Silo.Players;

/// <summary>One page of a game server's player sessions, newest start first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record PlayerSessionPageView(IReadOnlyList<PlayerSessionView> Sessions, string? NextCursor);
