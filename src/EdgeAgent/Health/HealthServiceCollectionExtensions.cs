using GameOps.EdgeAgent.Channel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameOps.EdgeAgent.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Registers the health probe of every game server (a hosted service) and the board whose states open every new
    /// stream. Needs <c>AddGameAdapters</c> and <c>AddAgentChannel</c>.
    /// </summary>
    public static IServiceCollection AddServerHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ServerHealthOptions>();
        services.AddSingleton<ServerHealthBoard>();
        services.AddSingleton<IAgentStreamReplay>(provider => provider.GetRequiredService<ServerHealthBoard>());
        services.AddHostedService<ServerHealthMonitor>();
        return services;
    }
}
