using GameOps.Grains.Events;
using GameOps.Grains.ServerConsole;

namespace GameOps.Silo.ServerConsole;

public static class ConsoleExtensions
{
    /// <summary>The servers' consoles: how much each holds, this silo's intake and writer of its agents' lines, and the per-silo fan-out of their lines to SSE clients.</summary>
    public static IServiceCollection AddGameOpsConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConsoleViewerOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsoleLineWriter>();
        services.AddSingleton(sp =>
        {
            var client = sp.GetRequiredService<IClusterClient>();
            var logger = sp.GetRequiredService<ILogger<ConsoleChatPublisher>>();
            return new ConsoleChatPublisher(
                sp.GetRequiredService<ConsoleLineWriter>(),
                events => client.GetStreamProvider(OrgEventStreams.ProviderName).Publish(events, logger),
                logger);
        });
        services.AddSingleton<ConsoleLineIntake>();
        services.AddSingleton<ConsoleHistory>();
        services.AddSingleton<ConsoleHub>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleHub>());
        return services;
    }
}
