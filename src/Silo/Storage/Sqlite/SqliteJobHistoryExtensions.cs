using GameOps.Grains.Jobs;
using GameOps.Silo.Jobs;

namespace GameOps.Silo.Storage.Sqlite;

public static class SqliteJobHistoryExtensions
{
    /// <summary>Job history in the SQLite file, kept with the job grains' writes and swept by <see cref="JobHistorySweeper"/>.</summary>
    public static IServiceCollection AddSqliteJobHistory(this IServiceCollection services)
    {
        services.AddSingleton<SqliteJobHistory>();
        services.AddSingleton<IJobHistory>(provider => provider.GetRequiredService<SqliteJobHistory>());
        services.AddSingleton<ISqliteStateProjection>(provider => provider.GetRequiredService<SqliteJobHistory>());
        services.AddJobHistoryRetention();
        return services;
    }
}
