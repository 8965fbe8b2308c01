using GameOps.Grains.Schedules;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// The schedule run ledger in the embedded SQLite database: the runs a schedule grain claimed, advanced or ended
/// (<see cref="IScheduleRunsState"/>) are upserted by the state's own write, in its transaction; read newest first by
/// keyset paging on (started at, run id); swept by <see cref="GameOps.Silo.Schedules.ScheduleRunSweeper"/>.
/// </summary>
public sealed class SqliteScheduleRunLedger(SqliteDatabase database, Serializer serializer) : IScheduleRunLedger, ISqliteStateProjection
{
    private const string UpsertSql = """
        INSERT INTO schedule_runs (run_id, org_id, schedule_id, started_at, ended_at, payload)
        VALUES ($run_id, $org_id, $schedule_id, $started_at, $ended_at, $payload)
        ON CONFLICT (run_id) DO UPDATE SET ended_at = excluded.ended_at, payload = excluded.payload
        """;

    private const string ListSql = """
        SELECT payload FROM schedule_runs
        WHERE schedule_id = $schedule AND org_id = $org
          AND ($after_at IS NULL OR started_at < $after_at OR (started_at = $after_at AND run_id < $after_id))
        ORDER BY started_at DESC, run_id DESC
        LIMIT $limit
        """;

    // A run going on has no end, so NULL < cutoff never selects it.
    private const string DeleteSql =
        "DELETE FROM schedule_runs WHERE run_id IN (SELECT run_id FROM schedule_runs WHERE ended_at < $cutoff LIMIT $batch)";

    private static readonly string[] QueryParameters = ["$org", "$schedule", "$after_at", "$after_id", "$limit"];

    public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload) =>
        state is IScheduleRunsState { UnwrittenRuns: { Count: > 0 } runs }
            ? new RunRows([.. runs.Select(run => (run, serializer.SerializeToArray(run)))])
            : null;

    public async Task<ScheduleRunPage> ListAsync(ScheduleRunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var payloads = await database.ReadAsync(query, static (session, query) => Read(session, query), cancellationToken);
        var runs = payloads.Take(query.Limit).Select(payload => serializer.Deserialize<ScheduleRun>(payload)!).ToList();
        var next = payloads.Count > query.Limit ? new ScheduleRunCursor(runs[^1].StartedAt, runs[^1].RunId) : null;
        return new ScheduleRunPage(runs, next);
    }

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        SqlitePagedRows.DeleteBeforeAsync(database, DeleteSql, cutoff, cancellationToken);

    private static List<byte[]> Read(SqliteSession session, ScheduleRunQuery query)
    {
        var command = session.Command(ListSql, QueryParameters);
        var p = command.Parameters;
        p[0].Value = query.OrgId;
        p[1].Value = query.ScheduleId.ToString("D");
        p[2].Value = query.After is { } after ? after.StartedAt.UtcTicks : DBNull.Value;
        p[3].Value = query.After is { } position ? position.RunId.ToString("D") : DBNull.Value;
        p[4].Value = query.Limit + 1;
        return SqlitePagedRows.ReadPayloads(command, query.Limit);
    }

    private sealed class RunRows((ScheduleRun Run, byte[] Payload)[] runs) : ISqliteProjectedRow
    {
        public string Table => "schedule_runs";

        public int Count => runs.Length;

        public int PayloadBytes => runs.Sum(run => run.Payload.Length);

        public void Write(SqliteSession session)
        {
            var command = session.Command(UpsertSql, "$run_id", "$org_id", "$schedule_id", "$started_at", "$ended_at", "$payload");
            var p = command.Parameters;
            try
            {
                foreach (var (run, payload) in runs)
                {
                    p[0].Value = run.RunId.ToString("D");
                    p[1].Value = run.OrgId;
                    p[2].Value = run.ScheduleId.ToString("D");
                    p[3].Value = run.StartedAt.UtcTicks;
                    p[4].Value = run.EndedAt is { } ended ? ended.UtcTicks : DBNull.Value;
                    p[5].Value = payload;
                    command.ExecuteNonQuery();
                }
            }
            finally
            {
                p[5].Value = DBNull.Value;
            }
        }
    }
}
