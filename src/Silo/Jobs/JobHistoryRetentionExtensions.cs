namespace GameOps.Silo.Jobs;

public static class JobHistoryRetentionExtensions
{
    public static IServiceCollection AddJobHistoryRetention(this IServiceCollection services)
    {
        services.AddOptions<JobHistoryOptions>().BindConfiguration(JobHistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobHistorySweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<JobHistorySweeper>());
        return services;
    }
}
