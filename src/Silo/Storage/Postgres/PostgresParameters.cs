using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>What the listings kept beside grain state (job history, audit log) share: typed nullable parameters, reading a page, deleting the old.</summary>
internal static class PostgresParameters
{
    private const int DeleteBatch = 1000;

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Uuid(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = value is { } id ? id : DBNull.Value };

    public static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } time ? time.UtcDateTime : DBNull.Value };

    /// <summary>The first column of each row, deserialized: a listing's payloads.</summary>
    public static async Task<List<T>> ReadPayloadsAsync<T>(NpgsqlCommand command, Serializer serializer, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(0))!);
        }

        return items;
    }

    /// <summary>Runs <paramref name="deleteSql"/> (taking the cutoff as $1 and the batch size as $2) until it deletes less than a batch; returns how many rows.</summary>
    public static async Task<int> DeleteInBatchesAsync(NpgsqlDataSource dataSource, string deleteSql, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            // In batches, so no long transaction holds the rows other writers touch.
            await using var command = dataSource.CreateCommand(deleteSql);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = cutoff.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = DeleteBatch });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < DeleteBatch)
            {
                return total;
            }
        }
    }
}
