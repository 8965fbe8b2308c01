using GameOps.Grains.Audit;

namespace GameOps.Silo.Audit;

/// <summary>One page of audit entries, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AuditEntryPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);
