using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace GameOps.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server from Debian's <c>postgresql</c> package: its cluster, data and socket in a temporary
/// folder, listening on 127.0.0.1 at a free port, durability switched off (the data dies with the test run). initdb
/// and postgres refuse to run as root, so a root test run starts them as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";

    private readonly TempDirectory _directory;
    private ConsoleProcess? _process;

    private PostgresServer(TempDirectory directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The process the server runs under (a wrapper of the postmaster and its backends), for measuring its CPU.</summary>
    public int Pid => _process?.Id ?? 0;

    /// <summary>The superuser's connection string for the server's own <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = true,
        Timeout = 30,
    }.ConnectionString;

    /// <summary>The folder holding the binaries of the newest PostgreSQL Debian installed.</summary>
    public static string BinaryFolder()
    {
        var folder = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(path => Path.Combine(path, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), CultureInfo.InvariantCulture, out var version) ? version : 0)
                .FirstOrDefault()
            : null;
        return folder ?? throw new InvalidOperationException(
            "No PostgreSQL under /usr/lib/postgresql/*/bin: install Debian's postgresql package (./test.sh does it with apt-get).");
    }

    public static async Task<PostgresServer> StartAsync(TimeSpan? startTimeout = null)
    {
        var bin = BinaryFolder();
        var directory = new TempDirectory();
        var server = new PostgresServer(directory, TestPorts.Free());
        try
        {
            var data = directory.Combine("data");
            await ServerUser.GiveAsync(directory.Path, Superuser);
            var init = ConsoleProcess.Start(
                ServerUser.Program, ServerUser.Arguments(Superuser, Path.Combine(bin, "initdb"),
                    ["-D", data, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]),
                directory.Path);
            await using (init)
            {
                var exit = await init.WaitForExitAsync(startTimeout ?? TimeSpan.FromMinutes(2));
                if (exit != 0)
                {
                    throw new InvalidOperationException($"initdb exited with code {exit}:\n{init.Output}");
                }
            }

            server._process = ConsoleProcess.Start(
                ParentWatchedCommand.Shell,
                ParentWatchedCommand.Arguments(ServerUser.Program, ServerUser.Arguments(Superuser, Path.Combine(bin, "postgres"),
                [
                    "-D", data,
                    "-p", server.Port.ToString(CultureInfo.InvariantCulture),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", $"unix_socket_directories={directory.Path}",
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off",
                    "-c", "max_connections=300",
                ])),
                directory.Path);
            await server._process.WaitForOutputAsync("database system is ready to accept connections", startTimeout ?? TimeSpan.FromMinutes(2));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "gameops")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// The connections open to the database <paramref name="connectionString"/> names, counted by their Application Name
    /// (which each process of a cluster can be given to tell its own apart), from <c>pg_stat_activity</c>.
    /// </summary>
    public async Task<Dictionary<string, int>> ConnectionsByApplicationAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT application_name, count(*)::int FROM pg_stat_activity WHERE datname = @database GROUP BY application_name", connection);
        command.Parameters.AddWithValue("database", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    /// <summary>
    /// The transactions committed in the database <paramref name="connectionString"/> names, from
    /// <c>pg_stat_database</c>: each server process reports its counts when it goes idle, at most once a second.
    /// </summary>
    public async Task<long> TransactionsCommittedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @database", connection);
        command.Parameters.AddWithValue("database", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The rows inserted, updated and deleted so far in each table of the database <paramref name="connectionString"/>
    /// names, from <c>pg_stat_user_tables</c> (reported as <see cref="TransactionsCommittedAsync"/> is).
    /// </summary>
    public async Task<Dictionary<string, long>> RowsWrittenByTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(new NpgsqlConnectionStringBuilder(connectionString).Database!));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    /// <summary>Kills the server, as a crash would, and deletes its folder; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync();
        }

        _directory.Dispose();
    }
}
