using GameOps.Grains.Audit;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The identity grains' states on cluster mode's PostgreSQL store: Orleans' ADO.NET provider on GameOps' schema.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresIdentityStorageTests(PostgresFixture postgres) : IdentityStorageContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IGrainStorage Storage => Store.Storage("gameops");

    protected override IAuditLog Log => Store.AuditLog;
}
