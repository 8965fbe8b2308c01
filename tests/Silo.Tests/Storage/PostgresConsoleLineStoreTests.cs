using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The console line contract on cluster mode's PostgreSQL store: one transaction, one round trip per append.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresConsoleLineStoreTests(PostgresFixture postgres) : ConsoleLineStoreContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IConsoleLineStore Store => _lifetime.Store.ConsoleLines;
}
