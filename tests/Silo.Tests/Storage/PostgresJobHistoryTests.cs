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
    private PostgresTestStore? _store;

    private PostgresTestStore Store => _store ?? throw new InvalidOperationException("The store has not started.");

    public async Task InitializeAsync() => _store = await PostgresTestStore.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

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
