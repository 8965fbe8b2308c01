using GameOps.Grains.Schedules;

namespace GameOps.Silo.Schedules;

public static class SchedulesExtensions
{
    /// <summary>Schedules: how often a run looks at the clock, when a cron time counts as missed, how long runs are kept.</summary>
    public static IServiceCollection AddGameOpsSchedules(this IServiceCollection services)
    {
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The sweeper of old schedule runs, added by the storage that keeps them (its options by <see cref="AddGameOpsSchedules"/>).</summary>
    public static IServiceCollection AddScheduleRunRetention(this IServiceCollection services)
    {
        services.AddSingleton<ScheduleRunSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleRunSweeper>());
        return services;
    }
}
