using GameOps.Grains.Schedules;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The schedule run ledger contract on the embedded SQLite store: runs written in the state write's own batch.</summary>
public sealed class SqliteScheduleRunLedgerTests : ScheduleRunLedgerContractTests, IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(ScheduleRun).Assembly).AddAssembly(typeof(ScheduleState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteScheduleRunLedger _log;
    private readonly SqliteGrainStorage _storage;

    public SqliteScheduleRunLedgerTests()
    {
        _log = new SqliteScheduleRunLedger(_db.Database, Serializer);
        _storage = new SqliteGrainStorage(
            "gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, [_log]);
    }

    public void Dispose() => _db.Dispose();

    protected override IScheduleRunLedger Ledger => _log;

    protected override IGrainStorage Storage => _storage;
}
