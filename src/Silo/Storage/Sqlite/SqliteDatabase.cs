using System.Collections.Concurrent;
using System.Globalization;
using GameOps.Grains.Observability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// The embedded-mode SQLite database file: one writer, many readers.
/// </summary>
/// <remarks>
/// <para>
/// All writes go through one connection, used by one thread at a time: the leader. A write that finds no
/// leader makes its own caller the leader, which commits it at once on the caller's thread; writes that
/// arrive while a leader commits wait in a queue, and the leader takes every one waiting (up to
/// <see cref="MaxBatchSize"/>) into its next batch. A batch runs in one <c>BEGIN IMMEDIATE</c>
/// transaction, each write inside its own savepoint so a failing write rolls back only itself, commits
/// once, and only then completes the writes' tasks (group commit: one disk sync for the whole batch). A
/// caller leads at most <see cref="LeaderBatches"/> batches; writes still waiting then are led on, in the
/// same order, by a thread-pool thread (ADR 0001).
/// </para>
/// <para>
/// Reads run on the caller's thread on pooled read-only connections: in WAL mode readers never wait for
/// the writer, and Microsoft.Data.Sqlite's I/O is synchronous in any case.
/// </para>
/// </remarks>
public sealed partial class SqliteDatabase : IStorageProbe, IAsyncDisposable, IDisposable
{
    /// <summary>The most writes committed in one transaction.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>The most batches one caller commits as the leader before a thread-pool thread takes over.</summary>
    public const int LeaderBatches = 2;

    // Bumped when a release changes the schema; a newer file is refused rather than misread. 2: job history and audit
    // rows in their own payload formats (older releases would misread them), two indexes fewer. 3: console line blocks
    // in a rowid table (ADR 0043), their old table's rows copied there once (MigrateConsoleBlocks). 4: a row of the
    // console journal per write, compressed (ADR 0045), the rows of the old one per server copied as they are (MigrateConsoleJournal).
    private const int SchemaVersion = 4;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            provider    TEXT    NOT NULL,
            grain_id    TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            payload     BLOB    NOT NULL,
            PRIMARY KEY (provider, grain_id, state_name)
        );
        CREATE TABLE IF NOT EXISTS reminders (
            service_id     TEXT    NOT NULL,
            grain_id       TEXT    NOT NULL,
            reminder_name  TEXT    NOT NULL,
            grain_hash     INTEGER NOT NULL,
            start_at       INTEGER NOT NULL,
            period         INTEGER NOT NULL,
            version        INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS ix_reminders_service_hash ON reminders (service_id, grain_hash);
        CREATE TABLE IF NOT EXISTS job_history (
            job_id      TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            host_id     TEXT    NOT NULL,
            server_id   TEXT    NOT NULL,
            action      TEXT    NOT NULL,
            state       INTEGER NOT NULL,
            actor_id    TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            payload     BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_job_history_org ON job_history (org_id, created_at, job_id);
        -- Retention deletes walk the org index (each index is a page written per row), and a host's jobs are listed in
        -- time order from an index without the server, which the listing's optional filter cannot use anyway.
        DROP INDEX IF EXISTS ix_job_history_created;
        DROP INDEX IF EXISTS ix_job_history_host;
        CREATE INDEX IF NOT EXISTS ix_job_history_host_created ON job_history (host_id, created_at, job_id);
        CREATE TABLE IF NOT EXISTS audit_log (
            entry_id    TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            at          INTEGER NOT NULL,
            actor_id    TEXT    NOT NULL,
            target      TEXT    NOT NULL,
            payload     BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_audit_log_org ON audit_log (org_id, at, entry_id);
        DROP INDEX IF EXISTS ix_audit_log_at;
        CREATE TABLE IF NOT EXISTS player_sessions (
            session_id  TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            host_id     TEXT    NOT NULL,
            server_id   TEXT    NOT NULL,
            started_at  INTEGER NOT NULL,
            ended_at    INTEGER,
            payload     BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_player_sessions_server ON player_sessions (host_id, server_id, started_at, session_id);
        CREATE INDEX IF NOT EXISTS ix_player_sessions_ended ON player_sessions (ended_at);
        CREATE TABLE IF NOT EXISTS schedule_runs (
            run_id      TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            schedule_id TEXT    NOT NULL,
            started_at  INTEGER NOT NULL,
            ended_at    INTEGER,
            payload     BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_schedule_runs_schedule ON schedule_runs (schedule_id, started_at, run_id);
        CREATE INDEX IF NOT EXISTS ix_schedule_runs_ended ON schedule_runs (ended_at);
        -- A row per console line (ADR 0032) is read no longer: a row holds the lines of one server one write stored (ADR 0034).
        DROP TABLE IF EXISTS console_lines;
        -- Kept in the order they are moved, so a move writes whole pages at the table's end and a block of a few KB stays
        -- on its leaf; only the index is kept by server (ADR 0043).
        CREATE TABLE IF NOT EXISTS console_blocks (
            id          INTEGER PRIMARY KEY,
            host_id     TEXT    NOT NULL,
            server_id   TEXT    NOT NULL,
            last_seq    INTEGER NOT NULL,
            first_seq   INTEGER NOT NULL,
            lines       BLOB    NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_console_blocks_server ON console_blocks (host_id, server_id, last_seq);
        CREATE TABLE IF NOT EXISTS console_journal (
            id          INTEGER PRIMARY KEY,
            blocks      BLOB    NOT NULL
        );
        """;

    // Schema 2 kept console line blocks in a WITHOUT ROWID table, where a block of more than about 1 KB spills into
    // overflow pages and each server's block lands on a leaf of its own (ADR 0043); its rows move once, in order.
    private const string MigrateConsoleBlocks = """
        INSERT INTO console_blocks (host_id, server_id, last_seq, first_seq, lines)
        SELECT host_id, server_id, last_seq, first_seq, lines FROM console_line_blocks ORDER BY host_id, server_id, last_seq;
        DROP TABLE console_line_blocks;
        """;

    // Schema 3 journaled a row per server a console write stored; a silo that stopped left them there, and they go to the
    // table kept by server as they are, each a block of its own (ADR 0045).
    private const string MigrateConsoleJournal = """
        INSERT OR IGNORE INTO console_blocks (host_id, server_id, last_seq, first_seq, lines)
        SELECT host_id, server_id, last_seq, first_seq, lines FROM console_line_journal ORDER BY id;
        DROP TABLE console_line_journal;
        """;

    private readonly ILogger<SqliteDatabase> _logger;
    private readonly GameOpsMetrics? _metrics;
    private readonly string _readerConnectionString;
    private readonly string _readerPragmas;
    private readonly SqliteSession _writer;

    // Guards the queue, the leader flag, disposal's wait and the fault; never held while SQLite runs.
    private readonly Lock _gate = new();
    private readonly Queue<IPendingWrite> _queue = new();
    private readonly List<IPendingWrite> _batch = new(MaxBatchSize);
    private bool _leading;
    private TaskCompletionSource? _leaderDone;
    private readonly ConcurrentQueue<SqliteSession> _idleReaders = new();
    private readonly int _maxIdleReaders = Math.Max(4, Environment.ProcessorCount * 2);
    private int _idleReaderCount;
    private int _disposed;
    private volatile Exception? _writerFault;

    /// <summary>
    /// Opens (creating if needed) the database file, switches it to WAL and creates the schema.
    /// </summary>
    /// <param name="metrics">Counts the writer's commits; null for a file whose commits are counted elsewhere (console lines).</param>
    public SqliteDatabase(IOptions<SqliteStorageOptions> options, ILogger<SqliteDatabase> logger, GameOpsMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        var settings = options.Value;
        _logger = logger;

        DatabasePath = Path.GetFullPath(settings.DatabasePath);
        OwnerOnly.CreateFolderOf(DatabasePath);

        // An empty file is a new database to SQLite; made here it is 0600, and so are the -wal and -shm files after it.
        OwnerOnly.CreateEmptyFile(DatabasePath);

        // Microsoft.Data.Sqlite retries a busy statement until the command timeout, on top of SQLite's
        // own busy_timeout, so both are set from the one setting. Its connection pool is off because
        // sessions are pooled here, and a pooled handle would keep the file open after disposal.
        var busyMilliseconds = (int)settings.BusyTimeout.TotalMilliseconds;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        };
        var writerConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _readerConnectionString = builder.ToString();
        _readerPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA query_only = ON;");

        _writer = OpenWriter(writerConnectionString, busyMilliseconds, settings.Synchronous);
        LogOpened(DatabasePath, settings.Synchronous);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Commits a write. <paramref name="write"/> runs inside a transaction (do not begin or commit one),
    /// on this thread when no other write is being committed (the call then returns once it is committed),
    /// otherwise on the leader's thread in its next batch; the returned task completes after its transaction
    /// committed. If <paramref name="write"/> throws, only its own changes are rolled back and only its
    /// task faults. A write whose token is cancelled before its batch starts is skipped.
    /// </summary>
    /// <param name="state">Passed to <paramref name="write"/>, so a static lambda needs no closure.</param>
    /// <param name="write">The work, run on the writer's session; keep it short and free of I/O other than SQLite.</param>
    /// <param name="cancellationToken">Cancels the write if it has not started yet.</param>
    public Task<TResult> WriteAsync<TState, TResult>(
        TState state,
        Func<SqliteSession, TState, TResult> write,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var pending = new PendingWrite<TState, TResult>(state, write, cancellationToken);
        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) != 0 || _writerFault is not null)
            {
                return Task.FromException<TResult>(WriterUnavailable());
            }

            _queue.Enqueue(pending);
            if (_leading)
            {
                return pending.Task;
            }

            _leading = true;
        }

        Lead();
        return pending.Task;
    }

    /// <summary>Queues a write; see <see cref="WriteAsync{TState, TResult}"/>.</summary>
    public Task<TResult> WriteAsync<TResult>(Func<SqliteSession, TResult> write, CancellationToken cancellationToken = default) =>
        WriteAsync(write, static (session, work) => work(session), cancellationToken);

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled read-only session, on the caller's thread. Each statement
    /// sees every write whose task has completed.
    /// </summary>
    /// <param name="state">Passed to <paramref name="read"/>, so a static lambda needs no closure.</param>
    /// <param name="read">The query; it must finish reading before it returns.</param>
    /// <param name="cancellationToken">Checked before the read starts.</param>
    public ValueTask<TResult> ReadAsync<TState, TResult>(
        TState state,
        Func<SqliteSession, TState, TResult> read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        try
        {
            var session = RentReader();
            try
            {
                return ValueTask.FromResult(read(session, state));
            }
            finally
            {
                ReturnReader(session);
            }
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TResult>(exception);
        }
    }

    /// <summary>Runs a read; see <see cref="ReadAsync{TState, TResult}"/>.</summary>
    public ValueTask<TResult> ReadAsync<TResult>(Func<SqliteSession, TResult> read, CancellationToken cancellationToken = default) =>
        ReadAsync(read, static (session, query) => query(session), cancellationToken);

    /// <summary>
    /// Checks that the database file is still there and readable, on a fresh connection, and that the
    /// writer is running. Faults with an <see cref="InvalidOperationException"/> naming the file otherwise.
    /// </summary>
    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            if (Volatile.Read(ref _disposed) != 0 || _writerFault is not null)
            {
                throw WriterUnavailable();
            }

            if (!File.Exists(DatabasePath))
            {
                throw new InvalidOperationException($"The SQLite database file '{DatabasePath}' does not exist.");
            }

            using var connection = new SqliteConnection(_readerConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            command.ExecuteScalar();
            return Task.CompletedTask;
        }
        catch (SqliteException exception)
        {
            return Task.FromException(new InvalidOperationException(
                $"The SQLite database file '{DatabasePath}' is not readable: {exception.Message}",
                exception));
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <summary>
    /// Stops accepting writes, lets the leader commit every write already queued, then closes all
    /// connections.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Task leaderDone;
        lock (_gate)
        {
            leaderDone = _leading ? (_leaderDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
        }

        await leaderDone;
        _writer.Dispose();
        DrainIdleReaders();
        LogClosed(DatabasePath);
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for containers disposed without await.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private SqliteSession OpenWriter(string connectionString, int busyMilliseconds, SqliteSynchronousMode synchronous)
    {
        var session = new SqliteSession(new SqliteConnection(connectionString));
        try
        {
            var connection = session.Connection;
            connection.Open();
            using var command = connection.CreateCommand();

            command.CommandText = "PRAGMA journal_mode = WAL";
            var journalMode = command.ExecuteScalar() as string;
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The SQLite database '{DatabasePath}' cannot use WAL journaling (it reports '{journalMode}'); put it on a local file system.");
            }

            var synchronousName = synchronous == SqliteSynchronousMode.Normal ? "NORMAL" : "FULL";
#pragma warning disable CA2100 // Built from an integer and a fixed keyword, not from input text.
            command.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = {synchronousName};");
#pragma warning restore CA2100
            command.ExecuteNonQuery();

            command.CommandText = "PRAGMA user_version";
            var fileVersion = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (fileVersion > SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"The SQLite database '{DatabasePath}' has schema version {fileVersion}; this GameOps knows version {SchemaVersion} at most.");
            }

            command.CommandText = "BEGIN IMMEDIATE; " + Schema
                + (HasTable("console_line_blocks") ? MigrateConsoleBlocks : "") + (HasTable("console_line_journal") ? MigrateConsoleJournal : "")
                + " PRAGMA user_version = " + SchemaVersion.ToString(CultureInfo.InvariantCulture) + "; COMMIT;";
            command.ExecuteNonQuery();
            return session;

            bool HasTable(string name)
            {
                using var exists = connection.CreateCommand();
                exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                exists.Parameters.AddWithValue("$name", name);
                return Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
            }
        }
        catch (SqliteException exception)
        {
            session.Dispose();
            throw new InvalidOperationException(
                $"Cannot open the SQLite database '{DatabasePath}': {exception.Message}",
                exception);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private SqliteSession OpenReader()
    {
        var session = new SqliteSession(new SqliteConnection(_readerConnectionString));
        try
        {
            session.Connection.Open();
            using var command = session.Connection.CreateCommand();
#pragma warning disable CA2100 // Built from an integer at construction.
            command.CommandText = _readerPragmas;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private SqliteSession RentReader()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_idleReaders.TryDequeue(out var session))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return session;
        }

        return OpenReader();
    }

    private void ReturnReader(SqliteSession session)
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Increment(ref _idleReaderCount) <= _maxIdleReaders)
        {
            _idleReaders.Enqueue(session);

            // Disposal may have drained the queue between the check and the enqueue.
            if (Volatile.Read(ref _disposed) != 0)
            {
                DrainIdleReaders();
            }

            return;
        }

        if (Volatile.Read(ref _disposed) == 0)
        {
            Interlocked.Decrement(ref _idleReaderCount);
        }

        session.Dispose();
    }

    private void DrainIdleReaders()
    {
        while (_idleReaders.TryDequeue(out var session))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            session.Dispose();
        }
    }

    private Exception WriterUnavailable() =>
        _writerFault is { } fault
            ? new InvalidOperationException($"The SQLite writer for '{DatabasePath}' has stopped after an unexpected error.", fault)
            : new ObjectDisposedException(nameof(SqliteDatabase), $"The SQLite database '{DatabasePath}' has been closed.");

    /// <summary>
    /// Commits the queued writes in batches, as the leader (the caller set <see cref="_leading"/>): at most
    /// <see cref="LeaderBatches"/> of them, then hands the leadership to a thread-pool thread if writes are
    /// still waiting, so no caller is held long and no write waits for more than the batches ahead of it.
    /// </summary>
    private void Lead()
    {
        try
        {
            for (var round = 0; round < LeaderBatches; round++)
            {
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        StepDown();
                        return;
                    }

                    while (_batch.Count < MaxBatchSize && _queue.TryDequeue(out var write))
                    {
                        _batch.Add(write);
                    }
                }

                ExecuteBatch(_batch);
                _batch.Clear();
            }
        }
        catch (Exception exception)
        {
            StopWriting(exception);
            return;
        }

        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                StepDown();
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static database => database.Lead(), this, preferLocal: false);
    }

    // Called under the gate with the queue empty.
    private void StepDown()
    {
        _leading = false;
        _leaderDone?.TrySetResult();
    }

    private void StopWriting(Exception exception)
    {
        List<IPendingWrite> abandoned;
        lock (_gate)
        {
            _writerFault = exception;
            abandoned = [.. _batch, .. _queue];
            _batch.Clear();
            _queue.Clear();
            StepDown();
        }

        LogWriterStopped(exception, DatabasePath);
        foreach (var write in abandoned)
        {
            write.Fail(exception);
        }
    }

    private void ExecuteBatch(List<IPendingWrite> batch)
    {
        // A lone write needs no savepoint: the transaction itself is its savepoint.
        var useSavepoints = batch.Count > 1;
        try
        {
            _writer.Command("BEGIN IMMEDIATE").ExecuteNonQuery();
            foreach (var write in batch)
            {
                if (write.IsCancellationRequested)
                {
                    write.Cancel();
                    continue;
                }

                if (!useSavepoints)
                {
                    try
                    {
                        write.Execute(_writer);
                    }
                    catch (Exception exception)
                    {
                        write.Fail(exception);
                        RollBack();
                        return;
                    }

                    continue;
                }

                _writer.Command("SAVEPOINT w").ExecuteNonQuery();
                try
                {
                    write.Execute(_writer);
                }
                catch (Exception exception)
                {
                    write.Fail(exception);
                    _writer.Command("ROLLBACK TO w").ExecuteNonQuery();
                }

                _writer.Command("RELEASE w").ExecuteNonQuery();
            }

            _writer.Command("COMMIT").ExecuteNonQuery();
            _metrics?.StorageCommitted();
        }
        catch (Exception exception)
        {
            LogBatchFailed(exception, batch.Count, DatabasePath);
            RollBack();

            // Completing a task twice is a no-op, so writes that already failed keep their own error.
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Succeed();
        }
    }

    private void RollBack()
    {
        // SQLite rolls some failures (disk full, I/O errors) back by itself; only an open transaction
        // needs an explicit ROLLBACK.
        if (raw.sqlite3_get_autocommit(_writer.Connection.Handle) != 0)
        {
            return;
        }

        try
        {
            _writer.Command("ROLLBACK").ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            LogRollbackFailed(exception, DatabasePath);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened SQLite database {DatabasePath} (WAL, synchronous {Synchronous})")]
    private partial void LogOpened(string databasePath, SqliteSynchronousMode synchronous);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed SQLite database {DatabasePath}")]
    private partial void LogClosed(string databasePath);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {WriteCount} SQLite writes to {DatabasePath} failed and was rolled back")]
    private partial void LogBatchFailed(Exception exception, int writeCount, string databasePath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rolling back a failed SQLite write batch on {DatabasePath} failed")]
    private partial void LogRollbackFailed(Exception exception, string databasePath);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The SQLite writer for {DatabasePath} stopped; no further writes are possible")]
    private partial void LogWriterStopped(Exception exception, string databasePath);

    private interface IPendingWrite
    {
        bool IsCancellationRequested { get; }

        void Execute(SqliteSession session);

        void Succeed();

        void Fail(Exception exception);

        void Cancel();
    }

    // The write is its own TaskCompletionSource: one allocation per write besides its Task.
    private sealed class PendingWrite<TState, TResult>(
        TState state,
        Func<SqliteSession, TState, TResult> write,
        CancellationToken cancellationToken)
        : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingWrite
    {
        private TResult? _result;

        public bool IsCancellationRequested => cancellationToken.IsCancellationRequested;

        public void Execute(SqliteSession session) => _result = write(session, state);

        public void Succeed() => TrySetResult(_result!);

        public void Fail(Exception exception) => TrySetException(exception);

        public void Cancel() => TrySetCanceled(cancellationToken);
    }
}
