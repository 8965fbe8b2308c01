using GameOps.Grains.Audit;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The identity grains' states on cluster mode's PostgreSQL store: Orleans' ADO.NET provider on GameOps' schema.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresIdentityStorageTests(PostgresFixture postgres) : IdentityStorageContractTests, IAsyncLifetime
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

    protected override IGrainStorage Storage => Store.Storage("gameops");

    protected override IAuditLog Log => Store.AuditLog;
}
