using GameOps.Silo.ServerConsole;
using GameOps.Silo.Storage.Sqlite;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The console line contract on the embedded SQLite store: one write of the database's writer per append.</summary>
public sealed class SqliteConsoleLineStoreTests : ConsoleLineStoreContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    public SqliteConsoleLineStoreTests() => Store = new SqliteConsoleLineStore(_db.Database);

    protected override IConsoleLineStore Store { get; }

    public void Dispose() => _db.Dispose();
}
