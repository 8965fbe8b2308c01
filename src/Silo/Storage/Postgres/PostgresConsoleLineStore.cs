using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using Npgsql;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>
/// Console lines on PostgreSQL: every host's lines given together are one round trip, an insert of all rows and a delete
/// of the servers' old ones, in one transaction (docs/adr/0032).
/// </summary>
public sealed class PostgresConsoleLineStore(NpgsqlDataSource dataSource) : IConsoleLineStore
{
    private const string InsertSql = """
        INSERT INTO console_lines (host_id, server_id, seq, read_at, text, cut, dropped)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::text[], $6::boolean[], $7::bigint[])
        ON CONFLICT (host_id, server_id, seq) DO NOTHING
        """;

    private const string PruneSql = """
        DELETE FROM console_lines c
        USING unnest($1::text[], $2::text[], $3::bigint[]) AS p(host_id, server_id, through)
        WHERE c.host_id = p.host_id AND c.server_id = p.server_id AND c.seq <= p.through
        """;

    private const string LastSequencesSql = "SELECT server_id, MAX(seq) FROM console_lines WHERE host_id = $1 GROUP BY server_id";

    private const string ReadSql = """
        WITH last AS (SELECT MAX(seq) AS seq FROM console_lines WHERE host_id = $1 AND server_id = $2)
        SELECT last.seq, c.seq, c.read_at, c.text, c.cut, c.dropped
        FROM last LEFT JOIN LATERAL (
            SELECT seq, read_at, text, cut, dropped FROM console_lines
            WHERE host_id = $1 AND server_id = $2
              AND seq > GREATEST($3, CASE WHEN last.seq > $4 THEN last.seq - $4 ELSE 0 END)
            ORDER BY seq
            LIMIT $4
        ) c ON true
        """;

    public async Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
    {
        var count = lines.Sum(host => host.Servers.Sum(server => server.Lines.Length));
        var (hosts, servers, numbers, readAt, texts, cuts, dropped) =
            (new string[count], new string[count], new long[count], new DateTime[count], new string[count], new bool[count], new long[count]);
        var (pruneHosts, pruneServers, pruneThrough) = (new List<string>(), new List<string>(), new List<long>());
        var row = 0;
        foreach (var host in lines)
        {
            foreach (var server in host.Servers)
            {
                foreach (var line in server.Lines)
                {
                    (hosts[row], servers[row], numbers[row]) = (host.HostId, server.ServerId, (long)line.Sequence);
                    (readAt[row], texts[row], cuts[row], dropped[row]) = (line.ReadAt.UtcDateTime, line.Text, line.Cut, (long)line.Dropped);
                    row++;
                }

                if (ConsoleRetention.PruneThrough(server.Lines, heldLines) is { } through)
                {
                    pruneHosts.Add(host.HostId);
                    pruneServers.Add(server.ServerId);
                    pruneThrough.Add((long)through);
                }
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = hosts });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = servers });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = numbers });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = readAt });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts });
        insert.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = cuts });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = dropped });
        batch.BatchCommands.Add(insert);
        if (pruneHosts.Count > 0)
        {
            var prune = new NpgsqlBatchCommand(PruneSql);
            prune.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. pruneHosts] });
            prune.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. pruneServers] });
            prune.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. pruneThrough] });
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
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxLines });
        ulong lastSequence = 0;
        var lines = ImmutableArray.CreateBuilder<ConsoleLine>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lastSequence = reader.IsDBNull(0) ? 0 : (ulong)reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    lines.Add(new ConsoleLine(
                        (ulong)reader.GetInt64(1),
                        new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
                        reader.GetString(3),
                        reader.GetBoolean(4),
                        (ulong)reader.GetInt64(5)));
                }
            }
        }

        return ConsoleRetention.Backlog(lines.DrainToImmutable(), lastSequence, after);
    }
}
