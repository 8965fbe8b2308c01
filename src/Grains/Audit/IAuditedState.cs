namespace GameOps.Grains.Audit;

/// <summary>
/// A grain state whose writes carry the audit entries of the changes made to it. The storage stores the entries in the
/// same transaction as the state (docs/adr/0020), so a change is never stored without its entry, nor an entry
/// without its change.
/// </summary>
public interface IAuditedState
{
    /// <summary>Entries of changes not yet written; not part of the stored state (no <c>[Id]</c>), emptied once written.</summary>
    List<AuditEntry> UnwrittenAudit { get; }
}
