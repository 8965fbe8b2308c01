using GameOps.Grains.Players;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The player session contract on cluster mode's PostgreSQL store: sessions written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresPlayerSessionLogTests(PostgresFixture postgres) : PlayerSessionLogContractTests, IAsyncLifetime
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

    protected override IPlayerSessionLog Log => Store.PlayerSessions;

    protected override IGrainStorage Storage => Store.Storage("gameops");
}
