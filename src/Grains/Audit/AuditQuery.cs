namespace GameOps.Grains.Audit;

/// <summary>Which audit entries of an org to list, narrowed by the filters that are set.</summary>
/// <param name="Target">Entries of this target and of the targets below it (<c>host/h1</c> also selects <c>host/h1/server/main/policy</c>).</param>
/// <param name="ActorId">Entries of the actor with this id.</param>
/// <param name="From">Entries at or after this time.</param>
/// <param name="To">Entries before this time.</param>
/// <param name="After">The page's start: entries older than this position; null for the newest.</param>
public sealed record AuditQuery(
    string OrgId,
    int Limit,
    string? Target = null,
    string? ActorId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    AuditCursor? After = null);
