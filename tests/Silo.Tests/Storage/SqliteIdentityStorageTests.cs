using GameOps.Grains.Audit;
using GameOps.Silo.Storage.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

public sealed class SqliteIdentityStorageTests : IdentityStorageContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteAuditLog _log;

    public SqliteIdentityStorageTests()
    {
        _log = new SqliteAuditLog(_db.Database, SqliteTestDatabase.Serializer);
        Storage = _db.Storage(_log);
    }

    public void Dispose() => _db.Dispose();

    protected override IGrainStorage Storage { get; }

    protected override IAuditLog Log => _log;
}
