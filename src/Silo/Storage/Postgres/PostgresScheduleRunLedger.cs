using GameOps.Grains.Schedules;
using Npgsql;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// The schedule run ledger on PostgreSQL: the runs a schedule grain claimed, advanced or ended
/// (<see cref="IScheduleRunsState"/>) are upserted in the transaction of the state's write (see
/// <see cref="ProjectingGrainStorage"/>); read newest first by keyset paging on (started at, run id); swept by
/// <see cref="GameOps.Silo.Schedules.ScheduleRunSweeper"/>.
/// </summary>
public sealed class PostgresScheduleRunLedger(NpgsqlDataSource dataSource, Serializer serializer) : IScheduleRunLedger, IPostgresStateProjection
{
    private const string UpsertSql = """
        INSERT INTO schedule_runs (run_id, org_id, schedule_id, started_at, ended_at, payload)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::bytea[])
        ON CONFLICT (run_id) DO UPDATE SET ended_at = excluded.ended_at, payload = excluded.payload
        """;

    private const string ListSql = """
        SELECT payload FROM schedule_runs
        WHERE schedule_id = $2 AND org_id = $1
          AND ($3::timestamptz IS NULL OR (started_at, run_id) < ($3, $4::uuid))
        ORDER BY started_at DESC, run_id DESC
        LIMIT $5
        """;

    // A run going on has no end, so NULL < cutoff never selects it.
    private const string DeleteSql =
        "DELETE FROM schedule_runs WHERE run_id IN (SELECT run_id FROM schedule_runs WHERE ended_at < $1 LIMIT $2)";

    public NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state)
    {
        if (state is not IScheduleRunsState { UnwrittenRuns: { Count: > 0 } runs })
        {
            return null;
        }

        var command = new NpgsqlBatchCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. runs.Select(r => r.RunId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. runs.Select(r => r.OrgId)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. runs.Select(r => r.ScheduleId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. runs.Select(r => r.StartedAt.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. runs.Select(r => r.EndedAt?.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. runs.Select(r => serializer.SerializeToArray(r))] });
        return command;
    }

    public async Task<ScheduleRunPage> ListAsync(ScheduleRunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = dataSource.CreateCommand(ListSql);
        var p = command.Parameters;
        p.Add(PostgresParameters.Text(query.OrgId));
        p.Add(PostgresParameters.Uuid(query.ScheduleId));
        p.Add(PostgresParameters.Time(query.After?.StartedAt));
        p.Add(PostgresParameters.Uuid(query.After?.RunId));
        p.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });

        var runs = await PostgresParameters.ReadPayloadsAsync<ScheduleRun>(command, serializer, cancellationToken);
        ScheduleRunCursor? next = null;
        if (runs.Count > query.Limit)
        {
            runs.RemoveAt(runs.Count - 1);
            next = new ScheduleRunCursor(runs[^1].StartedAt, runs[^1].RunId);
        }

        return new ScheduleRunPage(runs, next);
    }

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PostgresParameters.DeleteInBatchesAsync(dataSource, DeleteSql, cutoff, cancellationToken);
}
