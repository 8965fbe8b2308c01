using GameOps.Grains.Players;
using GameOps.Silo.Storage.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The player session contract on the embedded SQLite store: sessions written in the state write's own batch.</summary>
public sealed class SqlitePlayerSessionLogTests : PlayerSessionLogContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly SqlitePlayerSessionLog _log;
    private readonly SqliteGrainStorage _storage;

    public SqlitePlayerSessionLogTests()
    {
        _log = new SqlitePlayerSessionLog(_db.Database, SqliteTestDatabase.Serializer);
        _storage = _db.Storage(_log);
    }

    public void Dispose() => _db.Dispose();

    protected override IPlayerSessionLog Log => _log;

    protected override IGrainStorage Storage => _storage;
}
