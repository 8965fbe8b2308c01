using GameOps.Grains.Jobs;
using GameOps.Silo.Storage.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The job history contract on the embedded SQLite store: rows written in the job state's own batch.</summary>
public sealed class SqliteJobHistoryTests : JobHistoryContractTests, IDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteJobHistory _history;

    public SqliteJobHistoryTests() => _history = new SqliteJobHistory(_db.Database, SqliteTestDatabase.Serializer);

    public void Dispose() => _db.Dispose();

    protected override IJobHistory History => _history;

    protected override IGrainStorage JobStorage => _db.Storage(_history);

    protected override IGrainStorage StorageWithFailingProjection() => _db.Storage(_history, new FailingProjection());

    private sealed class FailingProjection : ISqliteStateProjection, ISqliteProjectedRow
    {
        public string Table => "failing";

        public int Count => 1;

        public int PayloadBytes => 0;

        public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state, byte[] statePayload) => this;

        public void Write(SqliteSession session) => throw new InvalidOperationException("The row could not be written.");
    }
}
