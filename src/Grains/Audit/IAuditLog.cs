namespace GameOps.Grains.Audit;

/// <summary>
/// Every change of the retention period, newest first. Entries are stored by the grain storage with the state write
/// of the change they record (<see cref="IAuditedState"/>), never on their own.
/// </summary>
public interface IAuditLog
{
    /// <summary>One page of the entries <paramref name="query"/> selects, newest first.</summary>
    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries made before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
