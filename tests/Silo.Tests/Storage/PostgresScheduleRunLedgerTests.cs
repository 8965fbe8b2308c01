using GameOps.Grains.Schedules;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The schedule run ledger contract on cluster mode's PostgreSQL store: runs written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresScheduleRunLedgerTests(PostgresFixture postgres) : ScheduleRunLedgerContractTests, IAsyncLifetime
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

    protected override IScheduleRunLedger Ledger => Store.ScheduleRuns;

    protected override IGrainStorage Storage => Store.Storage("gameops");
}
