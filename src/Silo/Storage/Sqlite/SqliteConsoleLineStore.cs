using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// Console lines in embedded mode, in a database file of their own (<see cref="FileBeside"/>) so the grains' writes
/// never wait behind them (docs/adr/0032). Every host's lines given together are one write of its SQLite writer, which
/// appends one compressed row to a journal kept in the order of writing (<see cref="ConsoleJournalRecord"/>): a write
/// touches the few pages at the journal's end, where rows kept by host would touch a page per host, each written whole
/// (docs/adr/0034, 0045). Once the journal holds <see cref="CompactLines"/> lines, each server's lines in it are moved,
/// joined and compressed, into one row of the table kept by host, server and number, a few hundred servers a write, and
/// the journal's rows are deleted. What the journal holds is also kept in memory by server, so reads need no index on it.
/// </summary>
public sealed partial class SqliteConsoleLineStore : IConsoleLineStore
{
    /// <summary>The console database's file name, in the folder of the grains' database file.</summary>
    public const string FileName = "console.db";

    /// <summary>By default, how many lines the journal holds before they are moved to the table kept by server.</summary>
    public const int DefaultCompactLines = 20_000;

    /// <summary>How many servers' lines one write moves out of the journal, so no journal write waits long behind it.</summary>
    public const int ServersPerMove = 250;

    private const string AppendSql = "INSERT INTO console_journal (blocks) VALUES ($blocks) RETURNING id";

    private const string MoveSql = """
        INSERT INTO console_blocks (host_id, server_id, last_seq, first_seq, lines)
        VALUES ($host, $server, $last, $first, $lines)
        ON CONFLICT (host_id, server_id, last_seq) DO NOTHING
        """;

    private const string PruneSql = "DELETE FROM console_blocks WHERE host_id = $host AND server_id = $server AND last_seq <= $through";

    private const string ForgetJournalSql = "DELETE FROM console_journal WHERE id BETWEEN $first AND $last";

    private const string ReadJournalSql = "SELECT id, blocks FROM console_journal ORDER BY id";

    private const string LastSequencesSql = "SELECT server_id, MAX(last_seq) FROM console_blocks WHERE host_id = $host GROUP BY server_id";

    private const string LastSequenceSql = "SELECT MAX(last_seq) FROM console_blocks WHERE host_id = $host AND server_id = $server";

    private const string ReadSql = """
        SELECT lines FROM console_blocks
        WHERE host_id = $host AND server_id = $server AND last_seq > $after
        ORDER BY last_seq
        """;

    private readonly SqliteDatabase _database;
    private readonly ILogger<SqliteConsoleLineStore> _logger;
    private readonly int _compactLines;
    private readonly Lock _gate = new();

    // The journal's committed rows, by host and server, in the order of writing; a row leaves once it was moved.
    private readonly Dictionary<string, Dictionary<string, List<JournalRow>>> _journal = new(StringComparer.Ordinal);
    private long _journalLines;
    private int _heldLines = int.MaxValue;
    private Task _moving = Task.CompletedTask;

    /// <param name="database">The console's own database.</param>
    /// <param name="logger">Where a failed move out of the journal is told.</param>
    /// <param name="compactLines">How many lines the journal holds before they are moved (<see cref="DefaultCompactLines"/>).</param>
    public SqliteConsoleLineStore(SqliteDatabase database, ILogger<SqliteConsoleLineStore> logger, int compactLines = DefaultCompactLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(compactLines, 1);
        _database = database;
        _logger = logger;
        _compactLines = compactLines;

        // What a silo that stopped left in the journal; reads run on the caller's thread, so this completes here.
        var left = database.ReadAsync(static session =>
        {
            var rows = new List<JournalRow>();
            using var reader = session.Command(ReadJournalSql).ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                rows.AddRange(ConsoleJournalRecord.Decode(reader.GetFieldValue<byte[]>(1)).Select(block => new JournalRow(id, block)));
            }

            return rows;
        }).AsTask().GetAwaiter().GetResult();
        Remember(left);
    }

    /// <summary>The settings of the console's own database: those of the grains' one, but its file beside it.</summary>
    public static SqliteStorageOptions FileBeside(SqliteStorageOptions grains) => new()
    {
        DatabasePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(grains.DatabasePath)) ?? ".", FileName),
        Synchronous = grains.Synchronous,
        BusyTimeout = grains.BusyTimeout,
    };

    public async Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
    {
        // Encoded and compressed before the write: the database's one writer only inserts.
        var blocks = ConsoleBlocks.Of(lines, heldLines).Blocks;
        if (blocks.IsEmpty)
        {
            return;
        }

        var id = await _database.WriteAsync(ConsoleJournalRecord.Encode(blocks), static (session, record) =>
        {
            var insert = session.Command(AppendSql, "$blocks");
            insert.Parameters[0].Value = record;
            try
            {
                return (long)insert.ExecuteScalar()!;
            }
            finally
            {
                // The prepared command outlives this write: it must not keep the lines alive.
                insert.Parameters[0].Value = DBNull.Value;
            }
        }, cancellationToken);

        lock (_gate)
        {
            _heldLines = heldLines;
        }

        Remember([.. blocks.Select(block => new JournalRow(id, block))]);
    }

    /// <summary>Completes when no lines are being moved out of the journal (tests wait for it).</summary>
    public Task MovedAsync()
    {
        lock (_gate)
        {
            return _moving;
        }
    }

    public async Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default)
    {
        // The journal before the table: a row moved meanwhile is in the table by the time it is read.
        var last = ImmutableDictionary.CreateBuilder<string, ulong>(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_journal.TryGetValue(hostId, out var servers))
            {
                foreach (var (serverId, rows) in servers)
                {
                    last[serverId] = rows.Max(row => row.Last);
                }
            }
        }

        return await _database.ReadAsync((hostId, last), static (session, query) =>
        {
            var command = session.Command(LastSequencesSql, "$host");
            command.Parameters[0].Value = query.hostId;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (serverId, stored) = (reader.GetString(0), (ulong)reader.GetInt64(1));
                query.last[serverId] = Math.Max(stored, query.last.GetValueOrDefault(serverId));
            }

            return query.last.ToImmutable();
        }, cancellationToken);
    }

    public async Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default)
    {
        // The journal before the table: a row moved meanwhile is in the table by the time it is read (and read once).
        JournalRow[] journal;
        lock (_gate)
        {
            journal = _journal.GetValueOrDefault(hostId)?.GetValueOrDefault(serverId) is { } rows ? [.. rows] : [];
        }

        return await _database.ReadAsync((hostId, serverId, after, maxLines, journal), static (session, query) =>
        {
            var last = session.Command(LastSequenceSql, "$host", "$server");
            last.Parameters[0].Value = query.hostId;
            last.Parameters[1].Value = query.serverId;
            var lastSequence = last.ExecuteScalar() is long number ? (ulong)number : 0;
            foreach (var row in query.journal)
            {
                lastSequence = Math.Max(lastSequence, row.Last);
            }

            var from = ConsoleRetention.ReadFrom(query.after, lastSequence, query.maxLines);
            var read = session.Command(ReadSql, "$host", "$server", "$after");
            read.Parameters[0].Value = query.hostId;
            read.Parameters[1].Value = query.serverId;
            read.Parameters[2].Value = (long)Math.Min(from, long.MaxValue);
            var lines = new List<ConsoleLine>();
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    ConsoleLineBlock.Decode(reader.GetFieldValue<byte[]>(0), from, lines);
                }
            }

            foreach (var row in query.journal)
            {
                if (row.Last > from)
                {
                    ConsoleLineBlock.Decode(row.Lines, from, lines);
                }
            }

            return ConsoleRetention.Backlog(ConsoleBlocks.InOrder(lines, query.maxLines), lastSequence, query.after);
        }, cancellationToken);
    }

    private void Remember(IReadOnlyList<JournalRow> rows)
    {
        lock (_gate)
        {
            foreach (var row in rows)
            {
                var (hostId, serverId) = (row.Block.HostId, row.Block.ServerId);
                if (!_journal.TryGetValue(hostId, out var servers))
                {
                    _journal.Add(hostId, servers = new Dictionary<string, List<JournalRow>>(StringComparer.Ordinal));
                }

                if (!servers.TryGetValue(serverId, out var serverRows))
                {
                    servers.Add(serverId, serverRows = []);
                }

                serverRows.Add(row);
                _journalLines += (long)(row.Last - row.First + 1);
            }

            if (_journalLines >= _compactLines && _moving.IsCompleted)
            {
                _moving = MoveAsync();
            }
        }
    }

    // Moves every row the journal held when it began: a server's rows joined into one row of the table, a few hundred
    // servers a write; then deletes them from the journal. Rows are left in memory until their move committed, and
    // should one fail, they stay in the journal and are moved by the next round (a row moved twice is stored once).
    private async Task MoveAsync()
    {
        await Task.Yield();
        List<(string HostId, string ServerId, JournalRow[] Rows)> servers;
        int heldLines;
        lock (_gate)
        {
            servers = [.. _journal.SelectMany(host => host.Value.Select(server => (host.Key, server.Key, server.Value.ToArray())))];
            heldLines = _heldLines;
        }

        try
        {
            foreach (var part in servers.Chunk(ServersPerMove))
            {
                // Joined and compressed before the write, as appends are: the database's one writer only inserts.
                var blocks = Array.ConvertAll(part, static server => new ConsoleBlocks.Block(server.HostId, server.ServerId,
                    server.Rows.Min(row => row.First), server.Rows.Max(row => row.Last),
                    ConsoleLineBlock.Compress(ConsoleLineBlock.Join([.. server.Rows.Select(row => row.Lines)]))));
                await _database.WriteAsync((blocks, heldLines), static (session, work) =>
                {
                    Move(session, work.blocks, work.heldLines);
                    return true;
                });
                Forget(part);
            }

            // By the ids moved, not below the highest: a write committed but not yet remembered here is not moved yet.
            await _database.WriteAsync(IdRanges(servers.SelectMany(server => server.Rows)), static (session, ranges) =>
            {
                var delete = session.Command(ForgetJournalSql, "$first", "$last");
                foreach (var (first, last) in ranges)
                {
                    delete.Parameters[0].Value = first;
                    delete.Parameters[1].Value = last;
                    delete.ExecuteNonQuery();
                }

                return true;
            });
        }
        catch (Exception e)
        {
            LogNotMoved(_logger, e);
        }
    }

    private static List<(long First, long Last)> IdRanges(IEnumerable<JournalRow> rows)
    {
        var ranges = new List<(long First, long Last)>();
        // A write's row holds several servers' lines: its id comes once per server.
        foreach (var id in rows.Select(row => row.Id).Distinct().Order())
        {
            if (ranges.Count > 0 && ranges[^1].Last == id - 1)
            {
                ranges[^1] = (ranges[^1].First, id);
            }
            else
            {
                ranges.Add((id, id));
            }
        }

        return ranges;
    }

    private static void Move(SqliteSession session, ConsoleBlocks.Block[] blocks, int heldLines)
    {
        var insert = session.Command(MoveSql, "$host", "$server", "$last", "$first", "$lines");
        var p = insert.Parameters;
        try
        {
            foreach (var (hostId, serverId, first, last, lines) in blocks)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (hostId, serverId, (long)last, (long)first, lines);
                insert.ExecuteNonQuery();
                if (ConsoleRetention.PruneThrough(first, last, heldLines) is { } through)
                {
                    var prune = session.Command(PruneSql, "$host", "$server", "$through");
                    prune.Parameters[0].Value = hostId;
                    prune.Parameters[1].Value = serverId;
                    prune.Parameters[2].Value = (long)through;
                    prune.ExecuteNonQuery();
                }
            }
        }
        finally
        {
            p[4].Value = DBNull.Value;
        }
    }

    private void Forget((string HostId, string ServerId, JournalRow[] Rows)[] moved)
    {
        lock (_gate)
        {
            foreach (var (hostId, serverId, rows) in moved)
            {
                var servers = _journal[hostId];
                var serverRows = servers[serverId];
                serverRows.RemoveRange(0, rows.Length);
                _journalLines -= rows.Sum(row => (long)(row.Last - row.First + 1));
                if (serverRows.Count == 0)
                {
                    servers.Remove(serverId);
                    if (servers.Count == 0)
                    {
                        _journal.Remove(hostId);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Console lines could not be moved out of the journal; they stay there, are read from there, and are moved when the next lines arrive")]
    private static partial void LogNotMoved(ILogger logger, Exception exception);

    // One server's lines in the journal's row Id, which may hold other servers' lines too.
    private sealed record JournalRow(long Id, ConsoleBlocks.Block Block)
    {
        public ulong First => Block.First;

        public ulong Last => Block.Last;

        public byte[] Lines => Block.Lines;
    }
}
