using GameOps.Grains.Jobs;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Job history on PostgreSQL: one row per job, written in the transaction of each write of the job grain's state
/// (see <see cref="ProjectingGrainStorage"/>), read newest first by keyset paging on (created at, job id).
/// </summary>
public sealed class PostgresJobHistory(NpgsqlDataSource dataSource, Serializer serializer) : IJobHistory, IPostgresStateProjection
{
    /// <summary>The job grain's state name, whose writes this history follows.</summary>
    public const string JobStateName = "job";

    private const string UpsertSql = """
        INSERT INTO job_history (job_id, org_id, host_id, server_id, action, state, actor_id, created_at, payload)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (job_id) DO UPDATE SET state = excluded.state, payload = excluded.payload
        """;

    private const string Filters = """
          AND ($3::text IS NULL OR server_id = $3)
          AND ($4::integer IS NULL OR state = $4)
          AND ($5::text IS NULL OR action = $5)
          AND ($6::text IS NULL OR actor_id = $6)
          AND ($7::timestamptz IS NULL OR created_at >= $7)
          AND ($8::timestamptz IS NULL OR created_at < $8)
          AND ($9::timestamptz IS NULL OR (created_at, job_id) < ($9, $10::uuid))
        ORDER BY created_at DESC, job_id DESC
        LIMIT $11
        """;

    private const string OrgSql = "SELECT payload FROM job_history WHERE org_id = $1 AND ($2::text IS NULL OR host_id = $2)" + Filters;

    private const string HostSql = "SELECT payload FROM job_history WHERE host_id = $2 AND org_id = $1" + Filters;

    private const string DeleteSql =
        "DELETE FROM job_history WHERE job_id IN (SELECT job_id FROM job_history WHERE created_at < $1 LIMIT $2)";

    public NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state)
    {
        if (stateName != JobStateName || state is not JobGrainState { Spec: not null } job)
        {
            return null;
        }

        var view = job.ToView(grainId.GetGuidKey());
        var command = new NpgsqlBatchCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = view.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = view.OrgId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = view.HostId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = view.ServerId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = view.Action });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)view.State });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = view.RequestedBy.Id });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = view.CreatedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = serializer.SerializeToArray(view) });
        return command;
    }

    public async Task<JobHistoryPage> ListAsync(JobHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = dataSource.CreateCommand(query.HostId is null ? OrgSql : HostSql);
        var p = command.Parameters;
        p.Add(PostgresParameters.Text(query.OrgId));
        p.Add(PostgresParameters.Text(query.HostId));
        p.Add(PostgresParameters.Text(query.ServerId));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = query.State is { } state ? (int)state : DBNull.Value });
        p.Add(PostgresParameters.Text(query.Action));
        p.Add(PostgresParameters.Text(query.ActorId));
        p.Add(PostgresParameters.Time(query.From));
        p.Add(PostgresParameters.Time(query.To));
        p.Add(PostgresParameters.Time(query.After?.CreatedAt));
        p.Add(PostgresParameters.Uuid(query.After?.JobId));
        p.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });

        var jobs = await PostgresParameters.ReadPayloadsAsync<JobView>(command, serializer, cancellationToken);
        JobHistoryCursor? next = null;
        if (jobs.Count > query.Limit)
        {
            jobs.RemoveAt(jobs.Count - 1);
            next = new JobHistoryCursor(jobs[^1].CreatedAt, jobs[^1].Id);
        }

        return new JobHistoryPage(jobs, next);
    }

    public Task<int> DeleteCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PostgresParameters.DeleteInBatchesAsync(dataSource, DeleteSql, cutoff, cancellationToken);
}
