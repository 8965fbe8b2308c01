using GameOps.Grains.Players;
using Npgsql;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Player sessions on PostgreSQL: the sessions a players grain opened or closed (<see cref="IPlayerSessionsState"/>) are
/// upserted in the transaction of the state's write (see <see cref="ProjectingGrainStorage"/>); read newest first by
/// keyset paging on (started at, session id); swept by <see cref="GameOps.Silo.Players.PlayerSessionSweeper"/>.
/// </summary>
public sealed class PostgresPlayerSessionLog(NpgsqlDataSource dataSource, Serializer serializer) : IPlayerSessionLog, IPostgresStateProjection
{
    private const string UpsertSql = """
        INSERT INTO player_sessions (session_id, org_id, host_id, server_id, started_at, ended_at, payload)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::bytea[])
        ON CONFLICT (session_id) DO UPDATE SET ended_at = excluded.ended_at, payload = excluded.payload
        """;

    private const string ListSql = """
        SELECT payload FROM player_sessions
        WHERE host_id = $2 AND server_id = $3 AND org_id = $1
          AND ($4::timestamptz IS NULL OR ended_at IS NULL OR ended_at >= $4)
          AND ($5::timestamptz IS NULL OR started_at < $5)
          AND ($6::timestamptz IS NULL OR (started_at, session_id) < ($6, $7::uuid))
        ORDER BY started_at DESC, session_id DESC
        LIMIT $8
        """;

    // An open session has no end, so NULL < cutoff never selects it.
    private const string DeleteSql =
        "DELETE FROM player_sessions WHERE session_id IN (SELECT session_id FROM player_sessions WHERE ended_at < $1 LIMIT $2)";

    public NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state)
    {
        if (state is not IPlayerSessionsState { UnwrittenSessions: { Count: > 0 } sessions })
        {
            return null;
        }

        var command = new NpgsqlBatchCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. sessions.Select(s => s.SessionId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. sessions.Select(s => s.OrgId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. sessions.Select(s => s.HostId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. sessions.Select(s => s.ServerId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. sessions.Select(s => s.StartedAt.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. sessions.Select(s => s.EndedAt?.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. sessions.Select(s => serializer.SerializeToArray(s))] });
        return command;
    }

    public async Task<PlayerSessionPage> ListAsync(PlayerSessionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = dataSource.CreateCommand(ListSql);
        var p = command.Parameters;
        p.Add(PostgresParameters.Text(query.OrgId));
        p.Add(PostgresParameters.Text(query.HostId));
        p.Add(PostgresParameters.Text(query.ServerId));
        p.Add(PostgresParameters.Time(query.From));
        p.Add(PostgresParameters.Time(query.To));
        p.Add(PostgresParameters.Time(query.After?.StartedAt));
        p.Add(PostgresParameters.Uuid(query.After?.SessionId));
        p.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });

        var sessions = await PostgresParameters.ReadPayloadsAsync<PlayerSession>(command, serializer, cancellationToken);
        PlayerSessionCursor? next = null;
        if (sessions.Count > query.Limit)
        {
            sessions.RemoveAt(sessions.Count - 1);
            next = new PlayerSessionCursor(sessions[^1].StartedAt, sessions[^1].SessionId);
        }

        return new PlayerSessionPage(sessions, next);
    }

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PostgresParameters.DeleteInBatchesAsync(dataSource, DeleteSql, cutoff, cancellationToken);
}
