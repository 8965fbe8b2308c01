using System.Xml.Linq;
using GameOps.Silo.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GameOps.Silo.Tests.Storage;

/// <summary>Cluster mode's Data Protection key ring in PostgreSQL: every silo's repository reads what any of them stored.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresKeyRingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stored_elements_are_all_read_back_in_the_order_they_were_stored()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        var ring = new PostgresKeyRing(dataSource);
        XElement[] stored = [new("key", new XAttribute("id", "1"), new XElement("secret", "one")), new("revocation", new XElement("reason", "two"))];

        Assert.Empty(ring.GetAllElements());
        ring.StoreElement(stored[0], "key-1");
        ring.StoreElement(stored[1], "revocation-2");

        Assert.Equal(stored.Select(e => e.ToString()), ring.GetAllElements().Select(e => e.ToString()));
    }

    [Fact]
    public async Task Two_repositories_on_one_database_see_each_others_elements()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        await using var other = NpgsqlDataSource.Create(dataSource.ConnectionString);
        var (a, b) = (new PostgresKeyRing(dataSource), new PostgresKeyRing(other));

        a.StoreElement(new XElement("key", new XAttribute("id", "a")), "key-a");
        b.StoreElement(new XElement("key", new XAttribute("id", "b")), "key-b");

        string[] both = ["a", "b"];
        Assert.Equal(both, a.GetAllElements().Select(e => (string?)e.Attribute("id")));
        Assert.Equal(both, b.GetAllElements().Select(e => (string?)e.Attribute("id")));
    }

    [Fact]
    public async Task What_one_silo_protects_another_unprotects_and_a_silo_with_its_own_ring_cannot()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        await using var other = NpgsqlDataSource.Create(dataSource.ConnectionString);
        await using var elsewhere = await postgres.MigratedDatabaseAsync();
        await using var siloA = DataProtection(dataSource);
        await using var siloB = DataProtection(other);
        await using var foreign = DataProtection(elsewhere);

        var secret = siloA.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("cluster secret");

        Assert.Equal("cluster secret", siloB.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => foreign.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task Two_silos_starting_together_on_an_empty_ring_make_one_first_key_and_read_each_others_payloads()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        await using var other = NpgsqlDataSource.Create(dataSource.ConnectionString);
        await using var siloA = DataProtection(dataSource);
        await using var siloB = DataProtection(other);

        await Task.WhenAll(
            Task.Run(() => FirstKey(siloA, dataSource).EnsureAsync()),
            Task.Run(() => FirstKey(siloB, other).EnsureAsync()));

        Assert.Single(new PostgresKeyRing(dataSource).GetAllElements(), element => element.Name == "key");
        var fromA = siloA.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from a");
        var fromB = siloB.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from b");
        Assert.Equal("from a", siloB.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromA));
        Assert.Equal("from b", siloA.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromB));
    }

    [Fact]
    public async Task A_silo_starting_on_a_ring_with_a_key_makes_no_other()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        await using var silo = DataProtection(dataSource);
        await FirstKey(silo, dataSource).EnsureAsync();

        await FirstKey(silo, dataSource).EnsureAsync();

        Assert.Single(new PostgresKeyRing(dataSource).GetAllElements(), element => element.Name == "key");
    }

    private static PostgresFirstKey FirstKey(ServiceProvider silo, NpgsqlDataSource dataSource) => new(
        dataSource,
        silo.GetRequiredService<IKeyManager>(),
        silo.GetRequiredService<IOptions<KeyManagementOptions>>(),
        TimeProvider.System);

    private static ServiceProvider DataProtection(NpgsqlDataSource dataSource)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("GameOps");
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new PostgresKeyRing(dataSource));
        return services.BuildServiceProvider();
    }
}
