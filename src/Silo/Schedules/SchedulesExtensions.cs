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
}
