using GameOps.Grains;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>A real SQLite database in its own temporary folder, deleted on disposal.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gameops-sqlite-").FullName;

    /// <summary>Orleans' serializer for every grain state and record GameOps stores.</summary>
    public static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(Actor).Assembly).AddAssembly(typeof(StorageNames).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    public SqliteTestDatabase() => Database = Open();

    /// <summary>The grain storage named <c>gameops</c> on this database, writing what <paramref name="projections"/> add in each state's batch.</summary>
    public SqliteGrainStorage Storage(params ISqliteStateProjection[] projections) =>
        new("gameops", Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, projections);

    public string DatabasePath => Path.Combine(_directory, "gameops.db");

    public SqliteDatabase Database { get; private set; }

    /// <summary>Closes the database and opens the same file again.</summary>
    public async Task ReopenAsync()
    {
        await Database.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        Database = Open();
    }

    public void Dispose()
    {
        if (!Database.DisposeAsync().AsTask().Wait(TestTimeouts.Default))
        {
            throw new TimeoutException($"Closing the test database {DatabasePath} took longer than {TestTimeouts.Default}.");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private SqliteDatabase Open() =>
        new(Options.Create(new SqliteStorageOptions { DatabasePath = DatabasePath }), NullLogger<SqliteDatabase>.Instance);
}
