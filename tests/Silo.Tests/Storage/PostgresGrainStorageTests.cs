using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The grain storage contract on cluster mode's PostgreSQL store: Orleans' ADO.NET provider on GameOps' schema.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IGrainStorage Storage(string name = "gameops") => _lifetime.Store.Storage(name);
}
