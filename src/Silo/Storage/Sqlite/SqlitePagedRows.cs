using Microsoft.Data.Sqlite;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>What the listings kept beside grain state (job history, audit log) share: reading a page, deleting the old.</summary>
internal static class SqlitePagedRows
{
    private const int DeleteBatch = 1000;

    /// <summary>The first column of each row as bytes: a listing's serialized payloads, one more than the page to see whether another follows.</summary>
    public static List<byte[]> ReadPayloads(SqliteCommand command, int limit) =>
        ReadRows(command, limit, static reader => reader.GetFieldValue<byte[]>(0));

    /// <summary>Each row as <paramref name="read"/> takes it: a page and one more row, to see whether another follows.</summary>
    public static List<T> ReadRows<T>(SqliteCommand command, int limit, Func<SqliteDataReader, T> read)
    {
        var rows = new List<T>(Math.Min(limit + 1, 64));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>
    /// Deletes a batch of the rows of <paramref name="table"/> whose <paramref name="timeColumn"/> lies before <c>$cutoff</c>,
    /// for <see cref="DeleteBeforeAsync"/>. It walks the table's index on <c>(org_id, time, …)</c> an org at a time (each
    /// next org found by one seek), so the table keeps no index on the time alone, which every row written would update.
    /// </summary>
    public static string DeleteBeforeSql(string table, string timeColumn) => $"""
        DELETE FROM {table} WHERE rowid IN (
            WITH RECURSIVE orgs(org_id) AS (
                SELECT MIN(org_id) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(org_id) FROM {table} WHERE org_id > orgs.org_id) FROM orgs WHERE orgs.org_id IS NOT NULL)
            SELECT r.rowid FROM orgs JOIN {table} AS r ON r.org_id = orgs.org_id AND r.{timeColumn} < $cutoff
            LIMIT $batch)
        """;

    /// <summary>Runs <paramref name="deleteSql"/> (taking <c>$cutoff</c> in ticks and <c>$batch</c>) until it deletes less than a batch; returns how many rows.</summary>
    public static async Task<int> DeleteBeforeAsync(SqliteDatabase database, string deleteSql, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            // In batches, so other writes are not held up behind one long delete.
            var deleted = await database.WriteAsync(
                (deleteSql, cutoff.UtcTicks),
                static (session, args) =>
                {
                    var command = session.Command(args.deleteSql, "$cutoff", "$batch");
                    command.Parameters[0].Value = args.UtcTicks;
                    command.Parameters[1].Value = DeleteBatch;
                    return command.ExecuteNonQuery();
                },
                cancellationToken);
            total += deleted;
            if (deleted < DeleteBatch)
            {
                return total;
            }
        }
    }
}
