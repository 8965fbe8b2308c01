using GameOps.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.Storage;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Database_is_in_wal_mode_with_the_schema()
    {
        var journalMode = await _db.Database.ReadAsync(static session => Scalar<string>(session, "PRAGMA journal_mode")).WithTimeout();
        var tables = await _db.Database.ReadAsync(static session =>
            Scalar<long>(session, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('grain_state', 'reminders')")).WithTimeout();

        Assert.Equal("wal", journalMode);
        Assert.Equal(2, tables);
    }

    [Fact]
    public async Task Opening_creates_the_missing_directory()
    {
        var path = Path.Combine(Path.GetDirectoryName(_db.DatabasePath)!, "nested", "deeper", "other.db");

        await using (var database = Open(path))
        {
            await database.PingAsync().WithTimeout();
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Database_folder_and_the_wal_and_shm_files_sqlite_makes_later_are_owner_only()
    {
        var path = Path.Combine(Path.GetDirectoryName(_db.DatabasePath)!, "state", "gameops.db");
        await using (var database = Open(path))
        {
            await database.WriteAsync(static session => Execute(session, "CREATE TABLE probe (id INTEGER PRIMARY KEY)")).WithTimeout();
        }

        // The last connection's close removed the -wal and -shm files: the next writer makes them anew.
        Assert.False(File.Exists(path + "-wal"));
        await using (var database = Open(path))
        {
            await database.WriteAsync(static session => Execute(session, "INSERT INTO probe (id) VALUES (1)")).WithTimeout();

            Assert.Equal(
                [FileModes.OwnerOnlyFolder, FileModes.OwnerOnlyFile, FileModes.OwnerOnlyFile, FileModes.OwnerOnlyFile],
                [FileModes.Of(Path.GetDirectoryName(path)!), FileModes.Of(path), FileModes.Of(path + "-wal"), FileModes.Of(path + "-shm")]);
        }
    }

    [Fact]
    public async Task Failing_write_rolls_back_only_itself_within_a_batch()
    {
        await CreateProbeTableAsync();
        Task<int>[] valid;
        Task<int> failing;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            valid = [.. Enumerable.Range(1, 10).Select(id => InsertProbe(id))];
            failing = _db.Database.WriteAsync(static session =>
            {
                Execute(session, "INSERT INTO probe (id) VALUES (100)");
                return Execute(session, "INSERT INTO probe (id) VALUES (1)");
            });
            valid = [.. valid, .. Enumerable.Range(11, 10).Select(id => InsertProbe(id))];
        }

        await Assert.ThrowsAsync<SqliteException>(() => failing.WithTimeout());
        await Task.WhenAll(valid).WithTimeout();
        var ids = await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout();
        Assert.Equal(Enumerable.Range(1, 20), ids);
    }

    [Fact]
    public async Task Failing_lone_write_leaves_nothing_behind()
    {
        await CreateProbeTableAsync();
        await InsertProbe(1).WithTimeout();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Database.WriteAsync<int>(static session =>
        {
            Execute(session, "INSERT INTO probe (id) VALUES (2)");
            throw new InvalidOperationException("refused");
        }).WithTimeout());
        await InsertProbe(3).WithTimeout();

        var ids = await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout();
        Assert.Equal([1, 3], ids);
    }

    [Fact]
    public async Task Write_cancelled_while_queued_is_skipped()
    {
        await CreateProbeTableAsync();
        using var cancellation = new CancellationTokenSource();
        Task<int> cancelled;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            cancelled = _db.Database.WriteAsync(static session => Execute(session, "INSERT INTO probe (id) VALUES (1)"), cancellation.Token);
            await cancellation.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WithTimeout());
        Assert.Empty(await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout());
    }

    [Fact]
    public async Task Disposal_finishes_the_writes_already_queued()
    {
        await CreateProbeTableAsync();
        Task<int>[] queued;
        Task disposal;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            queued = [.. Enumerable.Range(1, 5).Select(id => InsertProbe(id))];
            disposal = _db.Database.DisposeAsync().AsTask();
        }

        await disposal.WithTimeout();
        await Task.WhenAll(queued).WithTimeout();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => InsertProbe(6).WithTimeout());

        await _db.ReopenAsync();
        Assert.Equal(Enumerable.Range(1, 5), await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout());
    }

    [Fact]
    public async Task Ping_succeeds_on_a_readable_database()
    {
        await _db.Database.PingAsync().WithTimeout();
    }

    [Fact]
    public async Task Ping_fails_naming_the_file_when_it_is_gone()
    {
        File.Delete(_db.DatabasePath);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Database.PingAsync().WithTimeout());

        Assert.Contains(_db.DatabasePath, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_file_that_is_not_a_database_fails_naming_the_file()
    {
        var path = Path.Combine(Path.GetDirectoryName(_db.DatabasePath)!, "broken.db");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)'x', 8192).ToArray());

        var failure = Assert.Throws<InvalidOperationException>(() => Open(path));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
    }

    private Task<int> CreateProbeTableAsync() =>
        _db.Database.WriteAsync(static session => Execute(session, "CREATE TABLE probe (id INTEGER PRIMARY KEY)")).WithTimeout();

    private Task<int> InsertProbe(int id) =>
        _db.Database.WriteAsync(id, static (session, id) =>
        {
            var command = session.Command("INSERT INTO probe (id) VALUES ($id)", "$id");
            command.Parameters[0].Value = id;
            return command.ExecuteNonQuery();
        });

    private static SqliteDatabase Open(string path) =>
        new(Options.Create(new SqliteStorageOptions { DatabasePath = path }), NullLogger<SqliteDatabase>.Instance);

    private static int Execute(SqliteSession session, string sql) => session.Command(sql).ExecuteNonQuery();

    private static T Scalar<T>(SqliteSession session, string sql) => (T)session.Command(sql).ExecuteScalar()!;

    private static List<int> ReadProbeIds(SqliteSession session)
    {
        var ids = new List<int>();
        using var reader = session.Command("SELECT id FROM probe ORDER BY id").ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}
