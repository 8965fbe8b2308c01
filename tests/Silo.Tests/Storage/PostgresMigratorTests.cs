using GameOps.Silo.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GameOps.Silo.Tests.Storage;

[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task First_migrate_applies_every_version_and_a_second_changes_nothing()
    {
        await using var dataSource = await postgres.EmptyDatabaseAsync();
        var migrator = Migrator(dataSource);

        var first = await migrator.MigrateAsync().WithTimeout();
        var schema = await SchemaAsync(dataSource);
        var second = await migrator.MigrateAsync().WithTimeout();

        Assert.Equal(PostgresMigration.All.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Equal(schema, await SchemaAsync(dataSource));
        Assert.Equal(PostgresMigration.All.Select(m => m.Version), await VersionsAsync(dataSource));
    }

    [Fact]
    public async Task Silos_migrating_at_once_apply_each_version_once()
    {
        await using var dataSource = await postgres.EmptyDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(dataSource).MigrateAsync()))).WithTimeout();

        Assert.Equal(PostgresMigration.All.Count, runs.Sum(applied => applied.Count));
        Assert.Equal(PostgresMigration.All.Select(m => m.Version), await VersionsAsync(dataSource));
    }

    [Fact]
    public async Task The_schema_holds_every_query_the_providers_ask_for()
    {
        await using var dataSource = await postgres.MigratedDatabaseAsync();
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT querykey FROM orleansquery ORDER BY querykey"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        string[] required =
        [
            "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadFromStorageKey", "ReadRangeRows1Key",
            "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey", "WriteToStorageKey",
        ];
        Assert.Equal(required, keys.Order(StringComparer.Ordinal));
    }

    private static PostgresMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<PostgresMigrator>.Instance);

    private static async Task<List<int>> VersionsAsync(NpgsqlDataSource dataSource)
    {
        var versions = new List<int>();
        await using var command = dataSource.CreateCommand("SELECT version FROM gameops_schema ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    /// <summary>Every table's columns, every index's definition and every stored query, as text.</summary>
    private static async Task<List<string>> SchemaAsync(NpgsqlDataSource dataSource)
    {
        const string sql = """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT querykey || ': ' || md5(querytext) FROM orleansquery
            ORDER BY 1
            """;
        var rows = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
