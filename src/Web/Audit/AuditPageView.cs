using GameOps.Grains.Audit;

namespace GameOps.Web.Audit;

/// <param name="NextCursor">Where the next (older) page starts; null on the last page.</param>
public sealed record AuditPageView(IReadOnlyList<AuditEntry> Entries, string? NextCursor);
