using GameOps.Silo.ServerConsole;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using GameOps.Silo.Schedules;
using GameOps.Grains.Audit;
using GameOps.Grains.Jobs;
using GameOps.Silo.Audit;
using GameOps.Silo.Jobs;
using GameOps.Silo.Players;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Storage.Postgres;

/// <summary>Registers cluster mode's PostgreSQL store with a silo.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Stores grain state (under each of <paramref name="grainStorageNames"/>), reminders, job history, the audit log and
    /// the Data Protection key ring in the PostgreSQL database the <see cref="PostgresStorageOptions.SectionName"/>
    /// section names, through Orleans' ADO.NET providers and the project's own schema (<see cref="PostgresMigrator"/>).
    /// </summary>
    public static ISiloBuilder AddPostgresStorage(this ISiloBuilder builder, params string[] grainStorageNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(grainStorageNames);
        var services = builder.Services;

        services.AddPostgresRecords();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresStartupMigration>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresFirstKey>();
        foreach (var name in grainStorageNames)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(grainStorageNames));
            services.AddProjectingAdoNetGrainStorage(name);
        }

        services.AddJobHistoryRetention();
        services.AddAuditLogRetention();
        services.AddPlayerSessionRetention();
        services.AddScheduleRunRetention();
        builder.UseAdoNetReminderService(reminders => reminders.Configure<NpgsqlDataSource>(UseDataSource));
        return builder;
    }

    /// <summary>
    /// What every process of a cluster reads and writes in PostgreSQL outside grain storage, silo or client: job history,
    /// the audit log, player sessions and schedule runs (and their projections, which only a silo's grain storage writes),
    /// the console lines (which the process an agent is connected to writes),
    /// the shared Data Protection key ring, and the store's readiness probe.
    /// </summary>
    public static IServiceCollection AddPostgresRecords(this IServiceCollection services)
    {
        services.AddPostgresDatabase();
        services.TryAddSingleton<IStorageProbe, PostgresStorageProbe>();

        // Replaces the data folder's key ring whichever was registered first: every process must read the same keys.
        services.AddSingleton<IXmlRepository, PostgresKeyRing>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<PostgresJobHistory>();
        services.AddSingleton<IJobHistory>(provider => provider.GetRequiredService<PostgresJobHistory>());
        services.AddSingleton<IPostgresStateProjection>(provider => provider.GetRequiredService<PostgresJobHistory>());
        services.AddSingleton<PostgresAuditLog>();
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<PostgresAuditLog>());
        services.AddSingleton<IPostgresStateProjection>(provider => provider.GetRequiredService<PostgresAuditLog>());
        services.AddSingleton<PostgresPlayerSessionLog>();
        services.AddSingleton<IPlayerSessionLog>(provider => provider.GetRequiredService<PostgresPlayerSessionLog>());
        services.AddSingleton<IPostgresStateProjection>(provider => provider.GetRequiredService<PostgresPlayerSessionLog>());
        services.AddSingleton<PostgresScheduleRunLedger>();
        services.AddSingleton<IScheduleRunLedger>(provider => provider.GetRequiredService<PostgresScheduleRunLedger>());
        services.AddSingleton<IPostgresStateProjection>(provider => provider.GetRequiredService<PostgresScheduleRunLedger>());
        services.AddSingleton<IConsoleLineStore, PostgresConsoleLineStore>();
        return services;
    }

    /// <summary>The options and the one <see cref="NpgsqlDataSource"/> every PostgreSQL user in the process shares, and the migrator.</summary>
    public static IServiceCollection AddPostgresDatabase(this IServiceCollection services)
    {
        services.AddOptions<PostgresStorageOptions>()
            .BindConfiguration(PostgresStorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(provider =>
            NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString));
        services.TryAddSingleton<PostgresMigrator>();
        return services;
    }

    /// <summary>
    /// Orleans' ADO.NET grain storage under <paramref name="name"/>, registered as its own extension method does, but
    /// wrapped so state projections are written in the state's transaction.
    /// </summary>
    private static void AddProjectingAdoNetGrainStorage(this IServiceCollection services, string name)
    {
        services.AddOptions<AdoNetGrainStorageOptions>(name).Configure<NpgsqlDataSource, Serializer>((options, dataSource, serializer) =>
        {
            UseDataSource(options, dataSource);

            // Orleans' binary serializer, as the embedded store uses: the silo's default would be JSON.
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

            // A cleared state stays as a row without payload, so its version keeps counting (see the schema).
            options.DeleteStateOnClear = false;
        });
        services.ConfigureNamedOptionForLogging<AdoNetGrainStorageOptions>(name);
        services.AddTransient<IPostConfigureOptions<AdoNetGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<AdoNetGrainStorageOptions>>();
        services.AddTransient<IPostConfigureOptions<AdoNetGrainStorageOptions>, DefaultAdoNetGrainStorageOptionsHashPickerConfigurator>();
        services.AddTransient<IConfigurationValidator>(provider =>
            new AdoNetGrainStorageOptionsValidator(provider.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, static (provider, storageName) => new ProjectingGrainStorage(
            AdoNetGrainStorageFactory.Create(provider, storageName),
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetServices<IPostgresStateProjection>()));
    }

    private static void UseDataSource(AdoNetGrainStorageOptions options, NpgsqlDataSource dataSource)
    {
        options.Invariant = Invariant;
        options.DataSource = dataSource;
    }

    private static void UseDataSource(AdoNetReminderTableOptions options, NpgsqlDataSource dataSource)
    {
        options.Invariant = Invariant;
        options.DataSource = dataSource;
    }
}
