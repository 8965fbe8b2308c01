using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The grain storage contract on cluster mode's PostgreSQL store: Orleans' ADO.NET provider on GameOps' schema.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContractTests, IAsyncLifetime
{
    private PostgresTestStore? _store;

    public async Task InitializeAsync() => _store = await PostgresTestStore.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected override IGrainStorage Storage(string name = "gameops") => _store!.Storage(name);
}
