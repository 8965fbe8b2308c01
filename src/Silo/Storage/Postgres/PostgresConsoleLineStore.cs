using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Console lines on PostgreSQL: every host's lines given together are one round trip, an insert of a row per server and
/// a delete of the servers' old rows, in one transaction (docs/adr/0032, 0034).
/// </summary>
public sealed class PostgresConsoleLineStore(NpgsqlDataSource dataSource) : IConsoleLineStore
{
    private const string InsertSql = """
        INSERT INTO console_line_blocks (host_id, server_id, last_seq, first_seq, lines)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])
        ON CONFLICT (host_id, server_id, last_seq) DO NOTHING
        """;

    private const string PruneSql = """
        DELETE FROM console_line_blocks c
        USING unnest($1::text[], $2::text[], $3::bigint[]) AS p(host_id, server_id, through)
        WHERE c.host_id = p.host_id AND c.server_id = p.server_id AND c.last_seq <= p.through
        """;

    private const string LastSequencesSql = "SELECT server_id, MAX(last_seq) FROM console_line_blocks WHERE host_id = $1 GROUP BY server_id";

    // $4 lines at most follow the number read after, so the blocks after it are few.
    private const string ReadSql = """
        WITH last AS (SELECT MAX(last_seq) AS seq FROM console_line_blocks WHERE host_id = $1 AND server_id = $2)
        SELECT last.seq, GREATEST($3, CASE WHEN last.seq > $4 THEN last.seq - $4 ELSE 0 END), c.lines
        FROM last LEFT JOIN LATERAL (
            SELECT last_seq, lines FROM console_line_blocks
            WHERE host_id = $1 AND server_id = $2
              AND last_seq > GREATEST($3, CASE WHEN last.seq > $4 THEN last.seq - $4 ELSE 0 END)
        ) c ON true
        ORDER BY c.last_seq
        """;

    public async Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
    {
        var (blocks, prunes) = ConsoleBlocks.Of(lines, heldLines);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. blocks.Select(b => b.HostId)] });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. blocks.Select(b => b.ServerId)] });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. blocks.Select(b => (long)b.Last)] });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. blocks.Select(b => (long)b.First)] });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. blocks.Select(b => b.Lines)] });
        batch.BatchCommands.Add(insert);
        if (prunes.Length > 0)
        {
            var prune = new NpgsqlBatchCommand(PruneSql);
            prune.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. prunes.Select(p => p.HostId)] });
            prune.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. prunes.Select(p => p.ServerId)] });
            prune.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. prunes.Select(p => (long)p.Through)] });
            batch.BatchCommands.Add(prune);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(LastSequencesSql);
        command.Parameters.Add(PostgresParameters.Text(hostId));
        var last = ImmutableDictionary.CreateBuilder<string, ulong>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last[reader.GetString(0)] = (ulong)reader.GetInt64(1);
        }

        return last.ToImmutable();
    }

    public async Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(PostgresParameters.Text(hostId));
        command.Parameters.Add(PostgresParameters.Text(serverId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Math.Min(after, long.MaxValue) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxLines });
        ulong lastSequence = 0;
        var lines = new List<ConsoleLine>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lastSequence = reader.IsDBNull(0) ? 0 : (ulong)reader.GetInt64(0);
                if (!reader.IsDBNull(2))
                {
                    ConsoleLineBlock.Decode(reader.GetFieldValue<byte[]>(2), (ulong)reader.GetInt64(1), lines);
                }
            }
        }

        return ConsoleRetention.Backlog(ConsoleBlocks.InOrder(lines, maxLines), lastSequence, after);
    }
}
