using GameOps.Grains.Players;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Player sessions in the embedded SQLite database: the sessions a players grain opened or closed
/// (<see cref="IPlayerSessionsState"/>) are upserted by the state's own write, in its transaction; read newest first by
/// keyset paging on (started at, session id); swept by <see cref="GameOps.Silo.Players.PlayerSessionSweeper"/>.
/// </summary>
public sealed class SqlitePlayerSessionLog(SqliteDatabase database, Serializer serializer) : IPlayerSessionLog, ISqliteStateProjection
{
    private const string UpsertSql = """
        INSERT INTO player_sessions (session_id, org_id, host_id, server_id, started_at, ended_at, payload)
        VALUES ($session_id, $org_id, $host_id, $server_id, $started_at, $ended_at, $payload)
        ON CONFLICT (session_id) DO UPDATE SET ended_at = excluded.ended_at, payload = excluded.payload
        """;

    private const string ListSql = """
        SELECT payload FROM player_sessions
        WHERE host_id = $host AND server_id = $server AND org_id = $org
          AND ($from IS NULL OR ended_at IS NULL OR ended_at >= $from)
          AND ($to IS NULL OR started_at < $to)
          AND ($after_at IS NULL OR started_at < $after_at OR (started_at = $after_at AND session_id < $after_id))
        ORDER BY started_at DESC, session_id DESC
        LIMIT $limit
        """;

    // An open session has no end, so NULL < cutoff never selects it.
    private const string DeleteSql =
        "DELETE FROM player_sessions WHERE session_id IN (SELECT session_id FROM player_sessions WHERE ended_at < $cutoff LIMIT $batch)";

    private static readonly string[] QueryParameters = ["$org", "$host", "$server", "$from", "$to", "$after_at", "$after_id", "$limit"];

    public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload) =>
        state is IPlayerSessionsState { UnwrittenSessions: { Count: > 0 } sessions }
            ? new SessionRows([.. sessions.Select(session => (session, serializer.SerializeToArray(session)))])
            : null;

    public async Task<PlayerSessionPage> ListAsync(PlayerSessionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var payloads = await database.ReadAsync(query, static (session, query) => Read(session, query), cancellationToken);
        var sessions = payloads.Take(query.Limit).Select(payload => serializer.Deserialize<PlayerSession>(payload)!).ToList();
        var next = payloads.Count > query.Limit ? new PlayerSessionCursor(sessions[^1].StartedAt, sessions[^1].SessionId) : null;
        return new PlayerSessionPage(sessions, next);
    }

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        SqlitePagedRows.DeleteBeforeAsync(database, DeleteSql, cutoff, cancellationToken);

    private static List<byte[]> Read(SqliteSession session, PlayerSessionQuery query)
    {
        var command = session.Command(ListSql, QueryParameters);
        var p = command.Parameters;
        p[0].Value = query.OrgId;
        p[1].Value = query.HostId;
        p[2].Value = query.ServerId;
        p[3].Value = query.From is { } from ? from.UtcTicks : DBNull.Value;
        p[4].Value = query.To is { } to ? to.UtcTicks : DBNull.Value;
        p[5].Value = query.After is { } after ? after.StartedAt.UtcTicks : DBNull.Value;
        p[6].Value = query.After is { } position ? position.SessionId.ToString("D") : DBNull.Value;
        p[7].Value = query.Limit + 1;
        return SqlitePagedRows.ReadPayloads(command, query.Limit);
    }

    private sealed class SessionRows((PlayerSession Session, byte[] Payload)[] sessions) : ISqliteProjectedRow
    {
        public string Table => "player_sessions";

        public int Count => sessions.Length;

        public int PayloadBytes => sessions.Sum(session => session.Payload.Length);

        public void Write(SqliteSession session)
        {
            var command = session.Command(UpsertSql, "$session_id", "$org_id", "$host_id", "$server_id", "$started_at", "$ended_at", "$payload");
            var p = command.Parameters;
            try
            {
                foreach (var (playerSession, payload) in sessions)
                {
                    p[0].Value = playerSession.SessionId.ToString("D");
                    p[1].Value = playerSession.OrgId;
                    p[2].Value = playerSession.HostId;
                    p[3].Value = playerSession.ServerId;
                    p[4].Value = playerSession.StartedAt.UtcTicks;
                    p[5].Value = playerSession.EndedAt is { } ended ? ended.UtcTicks : DBNull.Value;
                    p[6].Value = payload;
                    command.ExecuteNonQuery();
                }
            }
            finally
            {
                p[6].Value = DBNull.Value;
            }
        }
    }
}
