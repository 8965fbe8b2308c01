using GameOps.Grains.Players;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The player session contract on the embedded SQLite store: sessions written in the state write's own batch.</summary>
public sealed class SqlitePlayerSessionLogTests : PlayerSessionLogContractTests, IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(PlayerSession).Assembly).AddAssembly(typeof(ServerPlayersState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();
    private readonly SqlitePlayerSessionLog _log;
    private readonly SqliteGrainStorage _storage;

    public SqlitePlayerSessionLogTests()
    {
        _log = new SqlitePlayerSessionLog(_db.Database, Serializer);
        _storage = new SqliteGrainStorage(
            "gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, [_log]);
    }

    public void Dispose() => _db.Dispose();

    protected override IPlayerSessionLog Log => _log;

    protected override IGrainStorage Storage => _storage;
}
