using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Rows kept beside a grain's state (a job's history row), written in the same PostgreSQL transaction as the state:
/// both are committed together or not at all.
/// </summary>
public interface IPostgresStateProjection
{
    /// <summary>The statement writing the row for this state; null when this projection does not follow <paramref name="stateName"/>.</summary>
    NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state);
}
