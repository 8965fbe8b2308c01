using Microsoft.Data.Sqlite;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>What the listings kept beside grain state (job history, audit log) share: reading a page, deleting the old.</summary>
internal static class SqlitePagedRows
{
    private const int DeleteBatch = 1000;

    /// <summary>The first column of each row as bytes: a listing's serialized payloads, one more than the page to see whether another follows.</summary>
    public static List<byte[]> ReadPayloads(SqliteCommand command, int limit)
    {
        var payloads = new List<byte[]>(Math.Min(limit + 1, 64));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            payloads.Add(reader.GetFieldValue<byte[]>(0));
        }

        return payloads;
    }

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
