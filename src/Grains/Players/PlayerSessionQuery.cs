namespace GameOps.Grains.Players;

/// <summary>Which sessions of one game server to list.</summary>
/// <param name="From">Sessions that were still going on at or after this time (ended at or after it, or not ended).</param>
/// <param name="To">Sessions that started before this time.</param>
/// <param name="After">The page's start: sessions older than this position; null for the newest.</param>
public sealed record PlayerSessionQuery(
    string OrgId,
    string HostId,
    string ServerId,
    int Limit,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    PlayerSessionCursor? After = null);
