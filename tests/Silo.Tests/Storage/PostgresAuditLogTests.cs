using GameOps.Grains.Audit;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The audit log contract on cluster mode's PostgreSQL store: entries written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresFixture postgres) : AuditLogContractTests, IAsyncLifetime
{
    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IAuditLog Log => Store.AuditLog;

    protected override IGrainStorage Storage => Store.Storage("gameops");

    protected override async Task RefuseAuditInsertsAsync()
    {
        await using var command = Store.DataSource.CreateCommand("""
            CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;
            CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
            """);
        await command.ExecuteNonQueryAsync();
    }
}
