using GameOps.EdgeAgent.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Console;

public static class ConsoleLineSinkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IConsoleLineSink"/> unless one is registered already: a <see cref="FileConsoleLineSink"/>
    /// when the agent's config names a <c>consoleLogDirectory</c>, else <see cref="NullConsoleLineSink"/>.
    /// </summary>
    public static IServiceCollection AddConsoleLineSink(this IServiceCollection services)
    {
        services.TryAddSingleton<IConsoleLineSink>(provider =>
            provider.GetService<AgentConfig>()?.ConsoleLogDirectory is { } directory
                ? new FileConsoleLineSink(directory, provider.GetRequiredService<ILogger<FileConsoleLineSink>>())
                : NullConsoleLineSink.Instance);
        return services;
    }
}
