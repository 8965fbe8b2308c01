using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>Reaches the PostgreSQL store and its schema: reads the providers' query table.</summary>
public sealed class PostgresStorageProbe(NpgsqlDataSource dataSource) : IStorageProbe
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleansquery");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
