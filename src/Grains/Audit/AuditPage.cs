namespace GameOps.Grains.Audit;

/// <param name="Next">Where the next page starts; null when this page is the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, AuditCursor? Next);
