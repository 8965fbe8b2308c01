using GameOps.Grains.Players;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The player session contract on cluster mode's PostgreSQL store: sessions written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresPlayerSessionLogTests(PostgresFixture postgres) : PlayerSessionLogContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IPlayerSessionLog Log => Store.PlayerSessions;

    protected override IGrainStorage Storage => Store.Storage("gameops");
}
