using GameOps.Grains.Audit;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The audit log contract on the embedded SQLite store: entries written in the state write's own batch.</summary>
public sealed class SqliteAuditLogTests : AuditLogContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteAuditLog _log;
    private readonly SqliteGrainStorage _storage;

    public SqliteAuditLogTests()
    {
        _log = new SqliteAuditLog(_db.Database, SqliteTestDatabase.Serializer);
        _storage = _db.Storage(_log);
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
