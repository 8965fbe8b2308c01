namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Rows kept beside a grain's state (a job's history row), written by the same statement batch as the state: both
/// are committed together or not at all, and no extra commit is paid.
/// </summary>
public interface ISqliteStateProjection
{
    /// <summary>
    /// The row to write with this state, prepared off the writer thread; null when this projection does not follow
    /// <paramref name="stateName"/>.
    /// </summary>
    /// <param name="statePayload">The state as the storage serialized it for its own row, for a projection that keeps the same bytes.</param>
    ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload);
}
