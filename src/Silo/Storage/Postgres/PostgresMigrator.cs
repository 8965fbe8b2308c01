using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Brings the PostgreSQL schema up to this build's version: applies the migrations the database has not recorded, in
/// one transaction under an advisory lock, so silos and a <c>migrate</c> command running at once apply each step once.
/// </summary>
public sealed partial class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
    // Any constant the application owns; "GameOps1" as a 64-bit number.
    private const long AdvisoryLockKey = 0x47616D654F707331;

    private const string SchemaTableSql = """
        CREATE TABLE IF NOT EXISTS gameops_schema (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies what is missing; returns the migrations applied now (none when the schema was current).</summary>
    public async Task<IReadOnlyList<PostgresMigration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, SchemaTableSql, cancellationToken);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM gameops_schema", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var missing = PostgresMigration.All.Where(migration => !applied.Contains(migration.Version)).ToList();
        foreach (var migration in missing)
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO gameops_schema (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(migration.Version, migration.Name);
        }

        await transaction.CommitAsync(cancellationToken);
        return missing;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}
