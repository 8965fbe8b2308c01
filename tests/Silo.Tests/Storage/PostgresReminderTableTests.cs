using GameOps.Silo.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;

namespace GameOps.Silo.Tests.Storage;

/// <summary>The reminder table contract on cluster mode's PostgreSQL store: Orleans' ADO.NET provider on GameOps' schema.</summary>
[Trait("Category", "Slow")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableContractTests, IAsyncLifetime
{
    private readonly List<ServiceProvider> _tables = [];
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync() => _dataSource = await postgres.MigratedDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    protected override async Task<IReminderTable> TableAsync(string serviceId = "gameops-test")
    {
        var services = new ServiceCollection()
            .Configure<ClusterOptions>(cluster => cluster.ServiceId = serviceId)
            .UseAdoNetReminderService(options => options.Configure(reminders =>
            {
                reminders.Invariant = PostgresStorageExtensions.Invariant;
                reminders.DataSource = _dataSource;
            }))
            .BuildServiceProvider();
        _tables.Add(services);
        var table = services.GetRequiredService<IReminderTable>();
        await table.StartAsync().WithTimeout();
        return table;
    }
}
