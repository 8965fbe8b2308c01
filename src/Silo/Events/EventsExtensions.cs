namespace GameOps.Silo.Events;

public static class EventsExtensions
{
    /// <summary>The per-silo fan-out of org events to SSE clients, and its settings.</summary>
    public static IServiceCollection AddGameOpsEvents(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrgEventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<OrgEventHub>());
        services.AddKeyedSingleton(EventEndpoints.ClockKey, TimeProvider.System);
        return services;
    }
}
