namespace GameOps.Silo.Audit;

public static class AuditLogRetentionExtensions
{
    public static IServiceCollection AddAuditLogRetention(this IServiceCollection services)
    {
        services.AddOptions<AuditLogOptions>().BindConfiguration(AuditLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditLogSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLogSweeper>());
        return services;
    }
}
