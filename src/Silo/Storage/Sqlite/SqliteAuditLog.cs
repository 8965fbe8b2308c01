using GameOps.Grains.Audit;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// The audit log on the embedded SQLite database: the entries a grain attached to its state
/// (<see cref="IAuditedState"/>) are inserted by the state's own write, in its transaction, so the change and its entry
/// commit together or not at all; read newest first by keyset paging on (at, entry id).
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase database, Serializer serializer) : IAuditLog, ISqliteStateProjection
{
    private const string InsertSql =
        "INSERT INTO audit_log (entry_id, org_id, at, actor_id, target, payload) VALUES ($entry_id, $org_id, $at, $actor_id, $target, $payload)";

    // A target selects itself and what lies below it: 'host/h1' also selects 'host/h1/server/main/policy' ('0' follows '/').
    internal const string ListSql = """
        SELECT entry_id, org_id, at, actor_id, target, payload FROM audit_log
        WHERE org_id = $org
          AND ($target IS NULL OR target = $target OR (target > $target || '/' AND target < $target || '0'))
          AND ($actor IS NULL OR actor_id = $actor)
          AND ($from IS NULL OR at >= $from)
          AND ($to IS NULL OR at < $to)
          AND ($after_at IS NULL OR at < $after_at OR (at = $after_at AND entry_id < $after_id))
        ORDER BY at DESC, entry_id DESC
        LIMIT $limit
        """;

    internal static readonly string DeleteSql = SqlitePagedRows.DeleteBeforeSql("audit_log", "at");

    private static readonly string[] QueryParameters = ["$org", "$target", "$actor", "$from", "$to", "$after_at", "$after_id", "$limit"];

    public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload) =>
        state is IAuditedState { UnwrittenAudit: { Count: > 0 } entries }
            ? new EntryRows([.. entries.Select(entry => (entry, AuditPayload.Write(entry)))])
            : null;

    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var rows = await database.ReadAsync(query, static (session, query) => Read(session, query), cancellationToken);
        var entries = rows.Take(query.Limit).Select(ToEntry).ToList();
        var next = rows.Count > query.Limit ? new AuditCursor(entries[^1].At, entries[^1].Id) : null;
        return new AuditPage(entries, next);
    }

    public Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        SqlitePagedRows.DeleteBeforeAsync(database, DeleteSql, cutoff, cancellationToken);

    private AuditEntry ToEntry(StoredRow row) =>
        AuditPayload.ReadRow(Guid.Parse(row.EntryId), row.OrgId, row.At, row.ActorId, row.Target, row.Payload, serializer);

    private static List<StoredRow> Read(SqliteSession session, AuditQuery query)
    {
        var command = session.Command(ListSql, QueryParameters);
        var p = command.Parameters;
        p[0].Value = query.OrgId;
        p[1].Value = (object?)query.Target ?? DBNull.Value;
        p[2].Value = (object?)query.ActorId ?? DBNull.Value;
        p[3].Value = query.From is { } from ? from.UtcTicks : DBNull.Value;
        p[4].Value = query.To is { } to ? to.UtcTicks : DBNull.Value;
        p[5].Value = query.After is { } after ? after.At.UtcTicks : DBNull.Value;
        p[6].Value = query.After is { } position ? position.EntryId.ToString("D") : DBNull.Value;
        p[7].Value = query.Limit + 1;
        return SqlitePagedRows.ReadRows(
            command,
            query.Limit,
            static reader => new StoredRow(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<byte[]>(5)));
    }

    private readonly record struct StoredRow(string EntryId, string OrgId, long At, string ActorId, string Target, byte[] Payload);

    private sealed class EntryRows((AuditEntry Entry, byte[] Payload)[] entries) : ISqliteProjectedRow
    {
        public string Table => "audit_log";

        public int Count => entries.Length;

        public int PayloadBytes => entries.Sum(entry => entry.Payload.Length);

        public void Write(SqliteSession session)
        {
            var command = session.Command(InsertSql, "$entry_id", "$org_id", "$at", "$actor_id", "$target", "$payload");
            var p = command.Parameters;
            try
            {
                foreach (var (entry, payload) in entries)
                {
                    p[0].Value = entry.Id.ToString("D");
                    p[1].Value = entry.OrgId;
                    p[2].Value = entry.At.UtcTicks;
                    p[3].Value = entry.Actor.Id;
                    p[4].Value = entry.Target;
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
