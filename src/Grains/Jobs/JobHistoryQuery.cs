namespace GameOps.Grains.Jobs;

/// <summary>Which jobs of an org to list: all, one host's or one game server's, narrowed by the filters that are set.</summary>
/// <param name="After">The page's start: jobs older than this position; null for the newest.</param>
/// <param name="From">Jobs created at or after this time.</param>
/// <param name="To">Jobs created before this time.</param>
public sealed record JobHistoryQuery(
    string OrgId,
    int Limit,
    string? HostId = null,
    string? ServerId = null,
    JobState? State = null,
    string? Action = null,
    string? ActorId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    JobHistoryCursor? After = null);
