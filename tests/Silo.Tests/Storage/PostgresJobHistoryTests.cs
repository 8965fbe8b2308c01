using GameOps.Grains.Jobs;
using GameOps.Silo.Storage.Postgres;
using Npgsql;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The job history contract on cluster mode's PostgreSQL store: rows written in the job state's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobHistoryTests(PostgresFixture postgres) : JobHistoryContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IJobHistory History => Store.JobHistory;

    protected override IGrainStorage JobStorage => Store.Storage("gameops");

    // The failing row runs after the state and its history row, in the same transaction: neither may stay.
    protected override IGrainStorage StorageWithFailingProjection() =>
        new ProjectingGrainStorage(JobStorage, Store.DataSource, [new FailingProjection()]);

    private sealed class FailingProjection : IPostgresStateProjection
    {
        public NpgsqlBatchCommand? Prepare(string stateName, GrainId grainId, object? state) => new("SELECT 1 / 0");
    }
}
