using GameOps.EdgeAgent.Adapters.SourceRcon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameOps.EdgeAgent.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>Registers every built-in game adapter (see <see cref="GameAdapterRegistry.BuiltInKinds"/>) and the registry.</summary>
    public static IServiceCollection AddGameAdapters(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SourceRconAdapter>();
        services.AddSingleton<IGameAdapter>(provider => provider.GetRequiredService<SourceRconAdapter>());
        services.AddSingleton<GameAdapterRegistry>();
        return services;
    }
}
