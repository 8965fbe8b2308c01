using GameOps.Grains.Audit;
using GameOps.Grains.GameServers;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The audit log contract on the embedded SQLite store: entries written in the state write's own batch.</summary>
public sealed class SqliteAuditLogTests : AuditLogContractTests, IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(AuditEntry).Assembly).AddAssembly(typeof(GameServerState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteAuditLog _log;
    private readonly SqliteGrainStorage _storage;

    public SqliteAuditLogTests()
    {
        _log = new SqliteAuditLog(_db.Database, Serializer);
        _storage = new SqliteGrainStorage(
            "gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, [_log]);
    }

    public void Dispose() => _db.Dispose();

    protected override IAuditLog Log => _log;

    protected override IGrainStorage Storage => _storage;

    protected override Task RefuseAuditInsertsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_db.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
