using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Silo.Storage;
using Npgsql;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The audit log contract on cluster mode's PostgreSQL store: entries written in the state write's transaction.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresFixture postgres) : AuditLogContractTests, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    private readonly PostgresTestStoreLifetime _lifetime = new(postgres);

    private PostgresTestStore Store => _lifetime.Store;

    public Task InitializeAsync() => _lifetime.InitializeAsync();

    public Task DisposeAsync() => _lifetime.DisposeAsync();

    protected override IAuditLog Log => Store.AuditLog;

    protected override IGrainStorage Storage => Store.Storage("gameops");

    [Fact]
    public async Task Rows_stored_by_Orleans_serializer_still_list_beside_new_rows()
    {
        var old = new AuditEntry(
            Guid.CreateVersion7(Now.AddMinutes(-1)), "org-a", Now.AddMinutes(-1).ToOffset(TimeSpan.FromHours(2)),
            new Actor(ActorKind.Web, "user-1", "10.0.0.7"), "web", "host/h1", AuditActions.PolicySet, "Narrowed the policy.", "{\"name\":\"x\"}");
        await using (var insert = Store.DataSource.CreateCommand(
            "INSERT INTO audit_log (entry_id, org_id, at, actor_id, target, payload) VALUES ($1, $2, $3, $4, $5, $6)"))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = old.Id });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = old.OrgId });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = old.At.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = old.Actor.Id });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = old.Target });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Store.Serializer.SerializeToArray(old) });
            await insert.ExecuteNonQueryAsync().WithTimeout();
        }

        var current = Entry(Now, new Actor(ActorKind.Api, "key-1"), "host/h1/server/main/policy");
        await StoreAsync(current).WithTimeout();

        var listed = (await Log.ListAsync(new AuditQuery("org-a", 10)).WithTimeout()).Entries;

        Assert.Equal([current, old], listed);
        Assert.Equal(old.At.Offset, listed[1].At.Offset);
    }

    [Fact]
    public async Task A_new_row_holds_the_stored_audit_layout_and_reads_back_as_its_entry()
    {
        // The column keeps microseconds, so the time is whole; the offset, null address and Unicode live in the payload.
        var at = new DateTimeOffset(2026, 12, 4, 16, 30, 0, 123, 456, TimeSpan.FromMinutes(-330));
        var entry = Entry(at, new Actor(ActorKind.Discord, "user-ü", null), "job/" + Guid.NewGuid().ToString("D")) with
        {
            Via = string.Empty,
            Summary = "Sagte „hallo“ 👋",
            Changes = "{\"output\":\"" + new string('ß', 300) + "\"}",
        };
        await StoreAsync(entry).WithTimeout();

        await using var select = Store.DataSource.CreateCommand("SELECT payload FROM audit_log");
        var payload = (byte[])(await select.ExecuteScalarAsync().WithTimeout())!;
        var listed = (await Log.ListAsync(new AuditQuery("org-a", 10)).WithTimeout()).Entries;

        Assert.Equal(AuditPayload.Format, payload[0]);
        Assert.Equal(AuditPayload.Write(entry), payload);
        Assert.Equal([entry], listed);
        Assert.Equal(at.Offset, listed[0].At.Offset);
        Assert.Null(listed[0].Actor.Address);
    }

    protected override async Task RefuseAuditInsertsAsync()
    {
        await using var command = Store.DataSource.CreateCommand("""
            CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;
            CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
            """);
        await command.ExecuteNonQueryAsync();
    }

    private static AuditEntry Entry(DateTimeOffset at, Actor actor, string target) =>
        new(Guid.CreateVersion7(at), "org-a", at, actor, "api", target, AuditActions.PolicySet, "Narrowed the policy.", "{\"name\":\"x\"}");
}
