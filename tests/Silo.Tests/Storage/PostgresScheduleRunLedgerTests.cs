using GameOps.Grains.Schedules;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The schedule run ledger contract on cluster mode's PostgreSQL store: runs written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresScheduleRunLedgerTests(PostgresFixture postgres) : ScheduleRunLedgerContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IScheduleRunLedger Ledger => Store.ScheduleRuns;

    protected override IGrainStorage Storage => Store.Storage("gameops");
}
