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
    public async Task A_write_with_none_under_way_is_committed_on_the_callers_thread_before_the_call_returns()
    {
        await CreateProbeTableAsync();
        var caller = Environment.CurrentManagedThreadId;

        var write = _db.Database.WriteAsync(caller, static (session, caller) =>
        {
            Execute(session, "INSERT INTO probe (id) VALUES (1)");
            return Environment.CurrentManagedThreadId == caller;
        });

        Assert.True(write.IsCompletedSuccessfully);
        Assert.True(await write);
        Assert.Equal([1], await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout());
    }

    [Fact]
    public async Task A_failed_commit_fails_exactly_the_writes_in_its_batch()
    {
        await CreateProbeTableAsync();
        Task<int>[] batch;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            // The middle write ends the transaction under its savepoint, so the batch cannot be committed.
            batch = [InsertProbe(1), _db.Database.WriteAsync(static session => Execute(session, "ROLLBACK")), InsertProbe(2)];
        }

        foreach (var write in batch)
        {
            await Assert.ThrowsAsync<SqliteException>(() => write.WithTimeout());
        }

        await InsertProbe(3).WithTimeout();
        Assert.Equal([3], await _db.Database.ReadAsync(static session => ReadProbeIds(session)).WithTimeout());
    }

    [Fact]
    public async Task Concurrent_committers_all_commit_and_each_ones_writes_keep_their_order()
    {
        await _db.Database.WriteAsync(static session =>
            Execute(session, "CREATE TABLE ordered (seq INTEGER PRIMARY KEY AUTOINCREMENT, caller INTEGER NOT NULL, n INTEGER NOT NULL)")).WithTimeout();
        const int callers = 8;
        const int writesEach = 50;

        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; n < writesEach; n++)
            {
                await _db.Database.WriteAsync((caller, n), static (session, row) =>
                {
                    var command = session.Command("INSERT INTO ordered (caller, n) VALUES ($caller, $n)", "$caller", "$n");
                    command.Parameters[0].Value = row.caller;
                    command.Parameters[1].Value = row.n;
                    return command.ExecuteNonQuery();
                });
            }
        }))).WithTimeout();

        var rows = await _db.Database.ReadAsync(static session =>
        {
            var read = new List<(int Caller, int N)>();
            using var reader = session.Command("SELECT caller, n FROM ordered ORDER BY seq").ExecuteReader();
            while (reader.Read())
            {
                read.Add((reader.GetInt32(0), reader.GetInt32(1)));
            }

            return read;
        }).WithTimeout();
        Assert.Equal(callers * writesEach, rows.Count);
        foreach (var caller in Enumerable.Range(0, callers))
        {
            Assert.Equal(Enumerable.Range(0, writesEach), rows.Where(r => r.Caller == caller).Select(r => r.N));
        }
    }

    [Fact]
    public async Task Queued_writes_are_committed_in_the_order_they_were_made()
    {
        await CreateProbeTableAsync();
        var order = new System.Collections.Concurrent.ConcurrentQueue<int>();
        Task[] queued;
        await using (await WriterHold.StartAsync(_db.Database))
        {
            queued = [.. Enumerable.Range(1, 20).Select(id => _db.Database.WriteAsync((id, order), static (session, write) =>
            {
                write.order.Enqueue(write.id);
                var command = session.Command("INSERT INTO probe (id) VALUES ($id)", "$id");
                command.Parameters[0].Value = write.id;
                return command.ExecuteNonQuery();
            }))];
        }

        await Task.WhenAll(queued).WithTimeout();
        Assert.Equal(Enumerable.Range(1, 20), order);
    }

    [Fact]
    public async Task A_caller_leads_at_most_its_share_of_batches_and_a_pool_thread_commits_the_rest()
    {
        await CreateProbeTableAsync();
        using var releaseSecond = new ManualResetEventSlim();
        var secondEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<Task<bool>> firstCall;
        Task<bool> second;
        using (var releaseFirst = new ManualResetEventSlim())
        {
            var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // StartNew does not unwrap: firstCall completes when the first caller's WriteAsync returns.
            firstCall = Task.Factory.StartNew(
                () => _db.Database.WriteAsync(_ =>
                {
                    firstEntered.TrySetResult();
                    return releaseFirst.Wait(TestTimeouts.Default);
                }),
                CancellationToken.None,
                TaskCreationOptions.None,
                TaskScheduler.Default);
            await firstEntered.Task.WithTimeout();
            second = _db.Database.WriteAsync(_ =>
            {
                secondEntered.TrySetResult();
                return releaseSecond.Wait(TestTimeouts.Default);
            });
            releaseFirst.Set();
            await secondEntered.Task.WithTimeout();
        }

        // The first caller leads its own batch and the second (LeaderBatches = 2); the third batch is left to the thread
        // pool, so the third write can wait for the first caller to be answered without holding it.
        var third = _db.Database.WriteAsync(firstCall, static (session, firstCall) =>
        {
            var firstAnswered = firstCall.Wait(TestTimeouts.Default);
            Execute(session, "INSERT INTO probe (id) VALUES (3)");
            return firstAnswered;
        });
        releaseSecond.Set();

        Assert.True(await (await firstCall.WithTimeout()).WithTimeout());
        Assert.True(await second.WithTimeout());
        Assert.True(await third.WithTimeout());
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
