using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Channel;

public static class ChannelServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="config"/> and the agent's stream to the control plane (a hosted service), with the
    /// heartbeat's metrics sampler. Jobs and adapters come from <c>AddJobs</c> and <c>AddGameAdapters</c>.
    /// </summary>
    public static IServiceCollection AddAgentChannel(this IServiceCollection services, AgentConfig config)
    {
        services.TryAddSingleton(config);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AgentChannelOptions>();
        services.AddSingleton(provider => new HostMetricsSampler(
            provider.GetRequiredService<ILogger<HostMetricsSampler>>(),
            Path.GetDirectoryName(config.JournalPath) ?? "/"));
        services.AddConsoleLineSink();
        services.AddSingleton<AgentChannel>();
        services.AddSingleton<IAgentOutbox>(provider => provider.GetRequiredService<AgentChannel>());
        services.AddHostedService(provider => provider.GetRequiredService<AgentChannel>());
        return services;
    }
}
