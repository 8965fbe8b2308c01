using GameOps.Silo.ServerConsole;
using GameOps.Grains.Observability;
using GameOps.Grains.Players;
using GameOps.Grains.Schedules;
using GameOps.Silo.Schedules;
using GameOps.Silo.Players;
using GameOps.Silo.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>Registers the embedded-mode SQLite store with a silo.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>
    /// Stores grain state (under each of <paramref name="grainStorageNames"/>) and reminders in one SQLite
    /// file configured by the <see cref="SqliteStorageOptions.SectionName"/> section, validated at start.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="grainStorageNames">The grain storage names to register, such as <c>"gameops"</c> and <c>"PubSubStore"</c>.</param>
    public static ISiloBuilder AddSqliteStorage(this ISiloBuilder builder, params string[] grainStorageNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(grainStorageNames);
        var services = builder.Services;

        services.AddOptions<SqliteStorageOptions>()
            .BindConfiguration(SqliteStorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IStorageProbe>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddDataFolder<SqliteStorageOptions>(sqlite => DataFolder.Containing(sqlite.DatabasePath));

        foreach (var name in grainStorageNames)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(grainStorageNames));
            services.AddGrainStorage(name, static (provider, storageName) => new SqliteGrainStorage(
                storageName,
                provider.GetRequiredService<SqliteDatabase>(),
                new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()),
                provider.GetRequiredService<ILogger<SqliteGrainStorage>>(),
                provider.GetServices<ISqliteStateProjection>(),
                provider.GetService<GameOpsMetrics>()));
        }

        services.AddSqliteJobHistory();
        services.AddSqliteAuditLog();
        services.AddSingleton<SqlitePlayerSessionLog>();
        services.AddSingleton<IPlayerSessionLog>(provider => provider.GetRequiredService<SqlitePlayerSessionLog>());
        services.AddSingleton<ISqliteStateProjection>(provider => provider.GetRequiredService<SqlitePlayerSessionLog>());
        services.AddPlayerSessionRetention();
        services.AddSingleton<SqliteScheduleRunLedger>();
        services.AddSingleton<IScheduleRunLedger>(provider => provider.GetRequiredService<SqliteScheduleRunLedger>());
        services.AddSingleton<ISqliteStateProjection>(provider => provider.GetRequiredService<SqliteScheduleRunLedger>());
        services.AddScheduleRunRetention();
        services.AddKeyedSingleton(SqliteConsoleLineStore.FileName, (provider, _) => new SqliteDatabase(
            Options.Create(SqliteConsoleLineStore.FileBeside(provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value)),
            provider.GetRequiredService<ILogger<SqliteDatabase>>()));
        services.AddSingleton<IConsoleLineStore>(provider =>
            new SqliteConsoleLineStore(
                provider.GetRequiredKeyedService<SqliteDatabase>(SqliteConsoleLineStore.FileName), provider.GetRequiredService<ILogger<SqliteConsoleLineStore>>()));
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        builder.AddReminders();
        return builder;
    }
}
