using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// The console line contract on the embedded SQLite store, its lines moved out of the journal after every append (so
/// what is read comes from the table kept by server, retention included).
/// </summary>
public sealed class SqliteConsoleLineStoreTests : ConsoleLineStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public SqliteConsoleLineStoreTests() => Store = new MovedAfterEachAppend(new SqliteConsoleLineStore(_db.Database, NullLogger<SqliteConsoleLineStore>.Instance, compactLines: 1));

    protected override IConsoleLineStore Store { get; }

    public void Dispose() => _db.Dispose();

    private sealed class MovedAfterEachAppend(SqliteConsoleLineStore store) : IConsoleLineStore
    {
        public async Task AppendAsync(IReadOnlyList<HostLines> lines, int heldLines, CancellationToken cancellationToken = default)
        {
            await store.AppendAsync(lines, heldLines, cancellationToken);
            await store.MovedAsync().WaitAsync(TestTimeouts.Default, cancellationToken);
        }

        public Task<ImmutableDictionary<string, ulong>> LastSequencesAsync(string hostId, CancellationToken cancellationToken = default) =>
            store.LastSequencesAsync(hostId, cancellationToken);

        public Task<ConsoleBacklog> ReadAsync(string hostId, string serverId, ulong after, int maxLines, CancellationToken cancellationToken = default) =>
            store.ReadAsync(hostId, serverId, after, maxLines, cancellationToken);
    }
}

/// <summary>
/// The SQLite store's journal: lines written there are read like moved ones, also by a store opened anew after a
/// stop, and moving them joins each server's rows into one and leaves the journal empty.
/// </summary>
public sealed class SqliteConsoleJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    // About as long as a game server's log line.
    private const string Text = "2026-12-04T06:00:00 12.345 INF [Server] Player 'somebody' (Steam_76561198000000000) spawned at 120, 34, -56";

    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Lines_in_the_journal_are_read_with_the_moved_ones_and_by_a_store_opened_after_a_stop()
    {
        var store = Open(compactLines: 8);
        await store.AppendAsync([Host("a", ("main", 1, 4)), Host("b", ("main", 1, 4))], 100);
        await store.MovedAsync().WaitAsync(TestTimeouts.Default);
        await store.AppendAsync([Host("a", ("main", 5, 6), ("second", 1, 2))], 100);
        await AssertReadAsync(store);

        await _db.ReopenAsync();

        await AssertReadAsync(Open(compactLines: 1_000));
        Assert.Equal((2, 1), await RowsAsync());
    }

    [Fact]
    public async Task Moving_joins_each_servers_rows_into_one_and_empties_the_journal_and_reads_stay_the_same()
    {
        var store = Open(compactLines: 20);
        await store.AppendAsync([Host("a", ("main", 1, 3)), Host("b", ("main", 1, 3))], 100);
        await store.AppendAsync([Host("a", ("main", 4, 6), ("second", 1, 1)), Host("b", ("main", 4, 5))], 100);
        var before = await store.ReadAsync("a", "main", 2, 100);
        Assert.Equal((0, 2), await RowsAsync());

        await store.AppendAsync([Host("a", ("main", 7, 14))], 100);
        await store.MovedAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal((3, 0), await RowsAsync());
        Assert.Equal(before.Lines.Select(l => l.Sequence).Concat(Enumerable.Range(7, 8).Select(n => (ulong)n)), (await store.ReadAsync("a", "main", 2, 100)).Lines.Select(l => l.Sequence));
        Assert.Equal(Enumerable.Range(1, 5).Select(n => (ulong)n), (await store.ReadAsync("b", "main", 0, 100)).Lines.Select(l => l.Sequence));
        Assert.Equal(new Dictionary<string, ulong> { ["main"] = 14, ["second"] = 1 }, (await store.LastSequencesAsync("a")).ToDictionary());
    }

    [Fact]
    public Task Lines_a_file_of_schema_2_kept_by_server_are_read_after_the_upgrade() => AssertUpgradedAsync("console_line_blocks", """
        DROP TABLE console_blocks;
        CREATE TABLE console_line_blocks (
            host_id TEXT NOT NULL, server_id TEXT NOT NULL, last_seq INTEGER NOT NULL, first_seq INTEGER NOT NULL, lines BLOB NOT NULL,
            PRIMARY KEY (host_id, server_id, last_seq)
        ) WITHOUT ROWID;
        INSERT INTO console_line_blocks VALUES ('a', 'main', 4, 1, $first), ('a', 'main', 6, 5, $second), ('b', 'main', 4, 1, $first);
        PRAGMA user_version = 2;
        """);

    // The journal's copy of a:main 1-4, moved before the stop, is stored once.
    [Fact]
    public Task Lines_a_silo_of_schema_3_left_in_its_journal_row_per_server_are_read_after_the_upgrade() => AssertUpgradedAsync("console_line_journal", """
        DROP TABLE console_journal;
        CREATE TABLE console_line_journal (
            id INTEGER PRIMARY KEY, host_id TEXT NOT NULL, server_id TEXT NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, lines BLOB NOT NULL
        );
        INSERT INTO console_blocks (host_id, server_id, last_seq, first_seq, lines) VALUES ('a', 'main', 4, 1, $first);
        INSERT INTO console_line_journal (host_id, server_id, first_seq, last_seq, lines)
        VALUES ('a', 'main', 5, 6, $second), ('b', 'main', 1, 4, $first), ('a', 'main', 1, 4, $first);
        PRAGMA user_version = 3;
        """);

    [Fact]
    public async Task A_round_of_a_thousand_servers_lines_written_and_moved_writes_under_a_page_per_fifty_lines()
    {
        // The bench's console load: 2-line batches of 1,000 servers, 250 servers' batches a write (20,000 lines a second
        // written every 25 ms), moved every 20,000 lines; the sixth round is counted, appends and move, when the table
        // kept by server holds five. A reader held open keeps every WAL frame of the round in the file, so the file's
        // length counts the pages written. Rows of a server per write and blocks stored as they are wrote 163 pages per
        // 1,000 lines (docs/adr/0045).
        const int Servers = 1_000, ServersPerWrite = 250, Round = 20_000, Rounds = 6;
        var store = Open(compactLines: Round);
        var next = new ulong[Servers];
        var write = 0;
        for (var lines = 0; lines < Round * (Rounds - 1); lines += ServersPerWrite * 2)
        {
            await store.AppendAsync(NextWrite(), 5_000);
        }

        await store.MovedAsync().WaitAsync(TestTimeouts.Default);
        using var reader = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False");
        reader.Open();
        using (var begin = reader.CreateCommand())
        {
            begin.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); BEGIN; SELECT COUNT(*) FROM sqlite_master;";
            begin.ExecuteNonQuery();
        }

        for (var lines = 0; lines < Round; lines += ServersPerWrite * 2)
        {
            await store.AppendAsync(NextWrite(), 5_000);
        }

        await store.MovedAsync().WaitAsync(TestTimeouts.Default);

        const int WalHeader = 32, FrameBytes = 24 + 4096;
        var frames = (new FileInfo(_db.DatabasePath + "-wal").Length - WalHeader) / FrameBytes;
        Assert.True(frames * 50 < Round, $"{frames} WAL frames for a round of {Round} lines: {frames * 1000.0 / Round:F1} pages per 1,000 lines");

        List<HostLines> NextWrite()
        {
            var hosts = new List<HostLines>();
            for (var i = 0; i < ServersPerWrite; i++)
            {
                var server = (write * ServersPerWrite + i) % Servers;
                hosts.Add(new HostLines($"host-{server:D4}", [new ServerLines("main", "7dtd-telnet",
                    [.. Enumerable.Range(1, 2).Select(n => new ConsoleLine(next[server] + (ulong)n, T0.AddMilliseconds(25 * write), $"{Text} {next[server] + (ulong)n}", false, 0))])]));
                next[server] += 2;
            }

            write++;
            return hosts;
        }
    }

    // Makes the file an older schema's with a:main 1-4 ($first) and 5-6 ($second) and b:main 1-4 in it, opens it again,
    // and reads them beside a line stored after the upgrade, the old table gone.
    private async Task AssertUpgradedAsync(string oldTable, string olderSchema)
    {
        await _db.Database.DisposeAsync();
        using (var file = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False"))
        {
            file.Open();
            using var command = file.CreateCommand();
            command.CommandText = olderSchema;
            command.Parameters.AddWithValue("$first", ConsoleLineBlock.Encode(Host("a", ("main", 1, 4)).Servers[0].Lines));
            command.Parameters.AddWithValue("$second", ConsoleLineBlock.Encode(Host("a", ("main", 5, 6)).Servers[0].Lines));
            command.ExecuteNonQuery();
        }

        await _db.ReopenAsync();
        var store = Open(compactLines: 2);
        await store.AppendAsync([Host("a", ("second", 1, 2))], 100);
        await store.MovedAsync().WaitAsync(TestTimeouts.Default);

        await AssertReadAsync(store);
        Assert.Equal((4, 0), await RowsAsync());
        Assert.Equal(0L, await _db.Database.ReadAsync(oldTable, static (session, table) =>
        {
            var count = session.Command("SELECT COUNT(*) FROM sqlite_master WHERE name = $name", "$name");
            count.Parameters[0].Value = table;
            return (long)count.ExecuteScalar()!;
        }));
    }

    private static async Task AssertReadAsync(SqliteConsoleLineStore store)
    {
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"line {n}"), (await store.ReadAsync("a", "main", 0, 100)).Lines.Select(l => l.Text));
        Assert.Equal([3ul, 4ul], (await store.ReadAsync("b", "main", 2, 100)).Lines.Select(l => l.Sequence));
        Assert.Equal(new Dictionary<string, ulong> { ["main"] = 6, ["second"] = 2 }, (await store.LastSequencesAsync("a")).ToDictionary());
    }

    private SqliteConsoleLineStore Open(int compactLines) => new(_db.Database, NullLogger<SqliteConsoleLineStore>.Instance, compactLines);

    // Rows of the table kept by server, rows of the journal.
    private async Task<(long Moved, long Journal)> RowsAsync() =>
        await _db.Database.ReadAsync(static session =>
            ((long)session.Command("SELECT COUNT(*) FROM console_blocks").ExecuteScalar()!,
             (long)session.Command("SELECT COUNT(*) FROM console_journal").ExecuteScalar()!));

    private static HostLines Host(string hostId, params (string ServerId, int First, int Last)[] servers) =>
        new(hostId, [.. servers.Select(s => new ServerLines(s.ServerId, "7dtd-telnet",
            [.. Enumerable.Range(s.First, s.Last - s.First + 1).Select(n => new ConsoleLine((ulong)n, T0.AddSeconds(n), $"line {n}", false, 0))]))]);
}
