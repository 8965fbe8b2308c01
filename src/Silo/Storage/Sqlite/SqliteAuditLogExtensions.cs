using GameOps.Grains.Audit;
using GameOps.Silo.Audit;

namespace GameOps.Silo.Storage.Sqlite;

public static class SqliteAuditLogExtensions
{
    /// <summary>The audit log in the SQLite file, written by the audited grains' own state writes and swept by <see cref="AuditLogSweeper"/>.</summary>
    public static IServiceCollection AddSqliteAuditLog(this IServiceCollection services)
    {
        services.AddSingleton<SqliteAuditLog>();
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<SqliteAuditLog>());
        services.AddSingleton<ISqliteStateProjection>(provider => provider.GetRequiredService<SqliteAuditLog>());
        services.AddAuditLogRetention();
        return services;
    }
}
