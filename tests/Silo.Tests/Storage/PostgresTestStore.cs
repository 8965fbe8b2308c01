using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using GameOps.Grains.Audit;
using GameOps.Grains.GameServers;
using GameOps.Grains.Jobs;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// Cluster mode's PostgreSQL store as the silo registers it (<see cref="PostgresStorageExtensions.AddPostgresStorage"/>),
/// on a fresh migrated database of the shared server, with its providers initialised as the silo's start would.
/// </summary>
public sealed class PostgresTestStore : IAsyncDisposable
{
    private static readonly string[] StorageNames = ["gameops", "PubSubStore"];

    private readonly ServiceProvider _services;

    private PostgresTestStore(ServiceProvider services) => _services = services;

    public NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    public Serializer Serializer => _services.GetRequiredService<Serializer>();

    public IJobHistory JobHistory => _services.GetRequiredService<IJobHistory>();

    public IAuditLog AuditLog => _services.GetRequiredService<IAuditLog>();

    public IPlayerSessionLog PlayerSessions => _services.GetRequiredService<IPlayerSessionLog>();

    public IScheduleRunLedger ScheduleRuns => _services.GetRequiredService<IScheduleRunLedger>();

    public IConsoleLineStore ConsoleLines => _services.GetRequiredService<IConsoleLineStore>();

    public IGrainStorage Storage(string name) => _services.GetRequiredKeyedService<IGrainStorage>(name);

    public IReminderTable ReminderTable => _services.GetRequiredService<IReminderTable>();

    public static async Task<PostgresTestStore> StartAsync(PostgresFixture postgres, string serviceId = "gameops-test")
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PostgresStorageOptions.SectionName}:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(CounterState).Assembly).AddAssembly(typeof(JobGrainState).Assembly).AddAssembly(typeof(AuditEntry).Assembly).AddAssembly(typeof(GameServerState).Assembly))
            .Configure<ClusterOptions>(cluster => cluster.ServiceId = serviceId)
            .AddSingleton<IGrainStorageSerializer>(provider => new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()));
        new TestSiloBuilder(services, configuration).AddPostgresStorage(StorageNames);
        var provider = services.BuildServiceProvider();
        var store = new PostgresTestStore(provider);
        try
        {
            // The silo's start, reduced to the schema and this store's providers.
            await provider.GetRequiredService<PostgresMigrator>().MigrateAsync().WithTimeout();
            var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
            foreach (var name in StorageNames)
            {
                ((ILifecycleParticipant<ISiloLifecycle>)store.Storage(name)).Participate(lifecycle);
            }

            await lifecycle.OnStart().WithTimeout();
            await store.ReminderTable.StartAsync().WithTimeout();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private sealed class TestSiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}

/// <summary>
/// A fresh <see cref="PostgresTestStore"/> per test for the PostgreSQL contract test classes, which each derive from
/// their own contract base and so share this member instead of a base class.
/// </summary>
public sealed class PostgresTestStoreLifetime(PostgresFixture postgres)
{
    private PostgresTestStore? _store;

    public PostgresTestStore Store => _store ?? throw new InvalidOperationException("The store has not started.");

    public async Task InitializeAsync() => _store = await PostgresTestStore.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
