using GameOps.Grains.Jobs;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The job history contract on the embedded SQLite store: rows written in the job state's own batch.</summary>
public sealed class SqliteJobHistoryTests : JobHistoryContractTests, IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(JobView).Assembly).AddAssembly(typeof(JobGrainState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteJobHistory _history;

    public SqliteJobHistoryTests() => _history = new SqliteJobHistory(_db.Database, Serializer);

    public void Dispose() => _db.Dispose();

    protected override IJobHistory History => _history;

    protected override IGrainStorage JobStorage => Storage(_history);

    protected override IGrainStorage StorageWithFailingProjection() => Storage(_history, new FailingProjection());

    private SqliteGrainStorage Storage(params ISqliteStateProjection[] projections) =>
        new("gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, projections);

    private sealed class FailingProjection : ISqliteStateProjection, ISqliteProjectedRow
    {
        public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state) => this;

        public void Write(SqliteSession session) => throw new InvalidOperationException("The row could not be written.");
    }
}
