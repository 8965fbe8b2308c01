using GameOps.Silo.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GameOps.Silo.Tests.Storage;

/// <summary>One throwaway PostgreSQL server for the storage tests; each test class takes databases of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new empty database, not yet migrated.</summary>
    public async Task<NpgsqlDataSource> EmptyDatabaseAsync() => NpgsqlDataSource.Create(await Server.CreateDatabaseAsync());

    /// <summary>A new database with GameOps' schema.</summary>
    public async Task<NpgsqlDataSource> MigratedDatabaseAsync()
    {
        var dataSource = await EmptyDatabaseAsync();
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync().WithTimeout();
        return dataSource;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
