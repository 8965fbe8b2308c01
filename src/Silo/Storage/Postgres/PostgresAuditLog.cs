using GameOps.Grains.Audit;
using Npgsql;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// The audit log on PostgreSQL: the entries a grain attached to its state (<see cref="IAuditedState"/>) are inserted in
/// the transaction of the state's write (see <see cref="ProjectingGrainStorage"/>), so the change and its entries
/// commit together or not at all; read newest first by keyset paging on (at, entry id). A row's payload holds only what
/// its columns do not (<see cref="AuditPayload"/>), so a listing reads the entry back from both.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, Serializer serializer) : IAuditLog, IPostgresStateProjection
{
    private const string InsertSql = """
        INSERT INTO audit_log (entry_id, org_id, at, actor_id, target, payload)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bytea[])
        """;

    // A target selects itself and what lies below it: 'host/h1' also selects 'host/h1/server/main/policy', not 'host/h10'.
    private const string ListSql = """
        SELECT entry_id, org_id, at, actor_id, target, payload FROM audit_log
        WHERE org_id = $1
          AND ($2::text IS NULL OR target = $2 OR starts_with(target, $2 || '/'))
          AND ($3::text IS NULL OR actor_id = $3)
          AND ($4::timestamptz IS NULL OR at >= $4)
          AND ($5::timestamptz IS NULL OR at < $5)
          AND ($6::timestamptz IS NULL OR (at, entry_id) < ($6, $7::uuid))
        ORDER BY at DESC, entry_id DESC
        LIMIT $8
        """;

    private const string DeleteSql =
        "DELETE FROM audit_log WHERE entry_id IN (SELECT entry_id FROM audit_log WHERE at < $1 LIMIT $2)";

    public NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state)
    {
        if (state is not IAuditedState { UnwrittenAudit: { Count: > 0 } entries })
        {
            return null;
        }

        var command = new NpgsqlBatchCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. entries.Select(e => e.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.OrgId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. entries.Select(e => e.At.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Actor.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Target)] });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. entries.Select(AuditPayload.Write)] });
        return command;
    }

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = dataSource.CreateCommand(ListSql);
        var p = command.Parameters;
        p.Add(PostgresParameters.Text(query.OrgId));
        p.Add(PostgresParameters.Text(query.Target));
        p.Add(PostgresParameters.Text(query.ActorId));
        p.Add(PostgresParameters.Time(query.From));
        p.Add(PostgresParameters.Time(query.To));
        p.Add(PostgresParameters.Time(query.After?.At));
        p.Add(PostgresParameters.Uuid(query.After?.EntryId));
        p.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });

        var entries = new List<AuditEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // The column's time is microseconds: a row in the new layout reads back at that precision, which is
                // also what its filters and cursor compare.
                entries.Add(AuditPayload.ReadRow(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTime>(2).Ticks,
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetFieldValue<byte[]>(5),
                    serializer));
            }
        }

        AuditCursor? next = null;
        if (entries.Count > query.Limit)
        {
            entries.RemoveAt(entries.Count - 1);
            next = new AuditCursor(entries[^1].At, entries[^1].Id);
        }

        return new AuditPage(entries, next);
    }

    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PostgresParameters.DeleteInBatchesAsync(dataSource, DeleteSql, cutoff, cancellationToken);
}
