using GameOps.Grains;
using GameOps.Grains.Jobs;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Job history on the embedded SQLite database: one row per job, written with each write of the job grain's state
/// (same transaction, same commit: no write of its own), read newest first by keyset paging on (created at, job id).
/// </summary>
public sealed class SqliteJobHistory(SqliteDatabase database, Serializer serializer) : IJobHistory, ISqliteStateProjection
{
    /// <summary>The job grain's state name, whose writes this history follows.</summary>
    public const string JobStateName = "job";

    private const string UpsertSql = """
        INSERT INTO job_history (job_id, org_id, host_id, server_id, action, state, actor_id, created_at, payload)
        VALUES ($job_id, $org_id, $host_id, $server_id, $action, $state, $actor_id, $created_at, $payload)
        ON CONFLICT (job_id) DO UPDATE SET state = excluded.state, payload = excluded.payload
        """;

    private const string Filters = """
          AND ($state IS NULL OR state = $state)
          AND ($action IS NULL OR action = $action)
          AND ($actor IS NULL OR actor_id = $actor)
          AND ($from IS NULL OR created_at >= $from)
          AND ($to IS NULL OR created_at < $to)
          AND ($after_at IS NULL OR created_at < $after_at OR (created_at = $after_at AND job_id < $after_id))
        ORDER BY created_at DESC, job_id DESC
        LIMIT $limit
        """;

    internal const string OrgSql = "SELECT job_id, payload FROM job_history WHERE org_id = $org AND ($host IS NULL OR host_id = $host) AND ($server IS NULL OR server_id = $server)" + Filters;

    internal const string HostSql = "SELECT job_id, payload FROM job_history WHERE host_id = $host AND org_id = $org AND ($server IS NULL OR server_id = $server)" + Filters;

    internal static readonly string DeleteSql = SqlitePagedRows.DeleteBeforeSql("job_history", "created_at");

    private static readonly string[] QueryParameters =
        ["$org", "$host", "$server", "$state", "$action", "$actor", "$from", "$to", "$after_at", "$after_id", "$limit"];

    // A row's payload is this byte and then the job grain's state exactly as the grain storage serialized it for its own
    // row: a job is serialized once per write, not again as its view. Rows written before hold the view serialized on
    // its own, which begins with an Orleans field header; a top-level header's low three bits (the field id delta) are
    // zero, so it is never this byte.
    internal const byte StatePayloadFormat = 0x01;

    public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload) =>
        stateName == JobStateName && state is JobGrainState { Spec: { } spec } job
            ? new HistoryRow(grainId.GetGuidKey(), spec, job.State, WithFormat(statePayload))
            : null;

    public async Task<JobHistoryPage> ListAsync(JobHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var rows = await database.ReadAsync(query, static (session, query) => Read(session, query), cancellationToken);
        var jobs = rows.Take(query.Limit).Select(row => ToView(row.JobId, row.Payload)).ToList();
        var next = rows.Count > query.Limit ? new JobHistoryCursor(jobs[^1].CreatedAt, jobs[^1].Id) : null;
        return new JobHistoryPage(jobs, next);
    }

    private JobView ToView(string jobId, byte[] payload) =>
        payload.Length > 0 && payload[0] == StatePayloadFormat
            ? serializer.Deserialize<JobGrainState>(payload.AsMemory(1))!.ToView(Guid.Parse(jobId))
            : serializer.Deserialize<JobView>(payload)!;

    private static byte[] WithFormat(byte[] statePayload)
    {
        var payload = new byte[statePayload.Length + 1];
        payload[0] = StatePayloadFormat;
        statePayload.CopyTo(payload, 1);
        return payload;
    }

    public Task<int> DeleteCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        SqlitePagedRows.DeleteBeforeAsync(database, DeleteSql, cutoff, cancellationToken);

    private static List<(string JobId, byte[] Payload)> Read(SqliteSession session, JobHistoryQuery query)
    {
        var command = session.Command(query.HostId is null ? OrgSql : HostSql, QueryParameters);
        var p = command.Parameters;
        p[0].Value = query.OrgId;
        p[1].Value = (object?)query.HostId ?? DBNull.Value;
        p[2].Value = (object?)query.ServerId ?? DBNull.Value;
        p[3].Value = query.State is { } state ? (int)state : DBNull.Value;
        p[4].Value = (object?)query.Action ?? DBNull.Value;
        p[5].Value = (object?)query.ActorId ?? DBNull.Value;
        p[6].Value = query.From is { } from ? from.UtcTicks : DBNull.Value;
        p[7].Value = query.To is { } to ? to.UtcTicks : DBNull.Value;
        p[8].Value = query.After is { } after ? after.CreatedAt.UtcTicks : DBNull.Value;
        p[9].Value = query.After is { } position ? position.JobId.ToString("D") : DBNull.Value;
        p[10].Value = query.Limit + 1;
        return SqlitePagedRows.ReadRows(command, query.Limit, static reader => (reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
    }

    private sealed class HistoryRow(Guid jobId, JobSpec spec, JobState state, byte[] payload) : ISqliteProjectedRow
    {
        public string Table => "job_history";

        public int Count => 1;

        public int PayloadBytes => payload.Length;

        public void Write(SqliteSession session)
        {
            var command = session.Command(
                UpsertSql, "$job_id", "$org_id", "$host_id", "$server_id", "$action", "$state", "$actor_id", "$created_at", "$payload");
            var p = command.Parameters;
            p[0].Value = jobId.ToString("D");
            p[1].Value = spec.OrgId;
            p[2].Value = spec.HostId;
            p[3].Value = spec.ServerId;
            p[4].Value = spec.Action;
            p[5].Value = (int)state;
            p[6].Value = spec.RequestedBy.Id;
            p[7].Value = spec.CreatedAt.UtcTicks;
            p[8].Value = payload;
            try
            {
                command.ExecuteNonQuery();
            }
            finally
            {
                p[8].Value = DBNull.Value;
            }
        }
    }
}
