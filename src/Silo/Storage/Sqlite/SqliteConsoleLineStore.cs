using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Console lines in embedded mode: one write of a SQLite writer for every host's lines that are given together, so
/// they share its transaction and its disk sync (docs/adr/0032). The silo keeps them in a database file of their own
/// (<see cref="FileBeside"/>), so the grains' writes never wait behind a transaction of lines.
/// </summary>
public sealed class SqliteConsoleLineStore(SqliteDatabase database) : IConsoleLineStore
{
    /// <summary>The console database's file name, in the folder of the grains' database file.</summary>
    public const string FileName = "console.db";

    /// <summary>The settings of the console's own database: those of the grains' one, but its file beside it.</summary>
    public static SqliteStorageOptions FileBeside(SqliteStorageOptions grains) => new()
    {
        DatabasePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(grains.DatabasePath)) ?? ".", FileName),
        Synchronous = grains.Synchronous,
        BusyTimeout = grains.BusyTimeout,
    };

    private const string InsertSql = """
        INSERT INTO console_lines (host_id, server_id, seq, read_at, text, cut, dropped)
        VALUES ($host, $server, $seq, $read_at, $text, $cut, $dropped)
        ON CONFLICT (host_id, server_id, seq) DO NOTHING
        """;

    // Many rows to a statement: each statement run costs more than a row of it (a reader, the parameters bound, a step).
    private const int RowsPerInsert = 32;

    private static readonly string InsertManySql =
        "INSERT INTO console_lines (host_id, server_id, seq, read_at, text, cut, dropped) VALUES "
        + string.Join(", ", Enumerable.Range(0, RowsPerInsert).Select(i => $"($host{i}, $server{i}, $seq{i}, $read_at{i}, $text{i}, $cut{i}, $dropped{i})"))
        + " ON CONFLICT (host_id, server_id, seq) DO NOTHING";

    private static readonly string[] InsertManyParameters =
        [.. Enumerable.Range(0, RowsPerInsert).SelectMany(i => new[] { $"$host{i}", $"$server{i}", $"$seq{i}", $"$read_at{i}", $"$text{i}", $"$cut{i}", $"$dropped{i}" })];

    private const string PruneSql = "DELETE FROM console_lines WHERE host_id = $host AND server_id = $server AND seq <= $through";

    private const string LastSequencesSql = "SELECT server_id, MAX(seq) FROM console_lines WHERE host_id = $host GROUP BY server_id";

    private const string LastSequenceSql = "SELECT MAX(seq) FROM console_lines WHERE host_id = $host AND server_id = $server";

    private const string ReadSql = """
        SELECT seq, read_at, text, cut, dropped FROM console_lines
        WHERE host_id = $host AND server_id = $server AND seq > $after
        ORDER BY seq
        LIMIT $limit
        """;

    public Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default) =>
        database.WriteAsync((lines, heldLines), static (session, state) =>
        {
            Write(session, state.lines, state.heldLines);
            return true;
        }, cancellationToken);

    public async Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default) =>
        await database.ReadAsync(hostId, static (session, hostId) =>
        {
            var command = session.Command(LastSequencesSql, "$host");
            command.Parameters[0].Value = hostId;
            var last = ImmutableDictionary.CreateBuilder<string, ulong>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                last[reader.GetString(0)] = (ulong)reader.GetInt64(1);
            }

            return last.ToImmutable();
        }, cancellationToken);

    public async Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default) =>
        await database.ReadAsync((hostId, serverId, after, maxLines), static (session, query) =>
        {
            var last = session.Command(LastSequenceSql, "$host", "$server");
            last.Parameters[0].Value = query.hostId;
            last.Parameters[1].Value = query.serverId;
            var lastSequence = last.ExecuteScalar() is long number ? (ulong)number : 0;

            var read = session.Command(ReadSql, "$host", "$server", "$after", "$limit");
            var p = read.Parameters;
            p[0].Value = query.hostId;
            p[1].Value = query.serverId;
            p[2].Value = (long)Math.Min(ConsoleRetention.ReadFrom(query.after, lastSequence, query.maxLines), long.MaxValue);
            p[3].Value = query.maxLines;
            var lines = ImmutableArray.CreateBuilder<ConsoleLine>();
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    lines.Add(new ConsoleLine(
                        (ulong)reader.GetInt64(0),
                        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                        reader.GetString(2),
                        reader.GetInt64(3) != 0,
                        (ulong)reader.GetInt64(4)));
                }
            }

            return ConsoleRetention.Backlog(lines.DrainToImmutable(), lastSequence, query.after);
        }, cancellationToken);

    private static void Write(SqliteSession session, IReadOnlyList<HostLines> lines, int heldLines)
    {
        var rows = new List<(string HostId, string ServerId, ConsoleLine Line)>();
        foreach (var host in lines)
        {
            foreach (var server in host.Servers)
            {
                foreach (var line in server.Lines)
                {
                    rows.Add((host.HostId, server.ServerId, line));
                }
            }
        }

        var many = session.Command(InsertManySql, InsertManyParameters);
        var one = session.Command(InsertSql, "$host", "$server", "$seq", "$read_at", "$text", "$cut", "$dropped");
        var next = 0;
        try
        {
            for (; next + RowsPerInsert <= rows.Count; next += RowsPerInsert)
            {
                for (var i = 0; i < RowsPerInsert; i++)
                {
                    Bind(many.Parameters, i * 7, rows[next + i]);
                }

                many.ExecuteNonQuery();
            }

            for (; next < rows.Count; next++)
            {
                Bind(one.Parameters, 0, rows[next]);
                one.ExecuteNonQuery();
            }
        }
        finally
        {
            // The prepared commands outlive this write: they must not keep the lines' text alive.
            foreach (Microsoft.Data.Sqlite.SqliteParameter parameter in many.Parameters)
            {
                parameter.Value = DBNull.Value;
            }

            one.Parameters[4].Value = DBNull.Value;
        }

        foreach (var host in lines)
        {
            foreach (var server in host.Servers)
            {
                if (ConsoleRetention.PruneThrough(server.Lines, heldLines) is { } through)
                {
                    var prune = session.Command(PruneSql, "$host", "$server", "$through");
                    prune.Parameters[0].Value = host.HostId;
                    prune.Parameters[1].Value = server.ServerId;
                    prune.Parameters[2].Value = (long)through;
                    prune.ExecuteNonQuery();
                }
            }
        }
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteParameterCollection p, int at, (string HostId, string ServerId, ConsoleLine Line) row)
    {
        p[at].Value = row.HostId;
        p[at + 1].Value = row.ServerId;
        p[at + 2].Value = (long)row.Line.Sequence;
        p[at + 3].Value = row.Line.ReadAt.UtcTicks;
        p[at + 4].Value = row.Line.Text;
        p[at + 5].Value = row.Line.Cut ? 1L : 0L;
        p[at + 6].Value = (long)row.Line.Dropped;
    }
}
