using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Console;

public static class ConsoleLineSinkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the way of game servers' lines: the <see cref="ConsoleLogPipeline"/> to the control plane (fed by the
    /// console connections and the log file tailers), and, unless one is registered already, the
    /// <see cref="IConsoleLineSink"/> that gives console lines to it and to a <see cref="FileConsoleLineSink"/> when
    /// the agent's config names a <c>consoleLogDirectory</c>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddConsoleLineSink(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ConsoleLogOptions>();
        services.TryAddSingleton<ConsoleLogPipeline>();
        services.TryAddSingleton<IAgentLogSource>(provider => provider.GetRequiredService<ConsoleLogPipeline>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LogFileTailService>());
        services.TryAddSingleton<IConsoleLineSink>(provider =>
        {
            // Adapters composed without an agent config (tests of the adapters alone) have nowhere to send lines.
            var config = provider.GetService<AgentConfig>();
            return new ConsoleLineFanout(
                config?.ConsoleLogDirectory is { } directory
                    ? new FileConsoleLineSink(directory, provider.GetRequiredService<ILogger<FileConsoleLineSink>>())
                    : NullConsoleLineSink.Instance,
                config is null ? null : provider.GetRequiredService<ConsoleLogPipeline>());
        });
        return services;
    }
}
