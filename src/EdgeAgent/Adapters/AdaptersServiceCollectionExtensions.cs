using GameOps.EdgeAgent.Adapters.Quake3;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Adapters.SourceRcon;
using GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;
using GameOps.EdgeAgent.Adapters.Teeworlds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>Registers every built-in game adapter (see <see cref="GameAdapterRegistry.BuiltInKinds"/>) and the registry.</summary>
    public static IServiceCollection AddGameAdapters(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        foreach (var profile in RconProfiles.All)
        {
            // One Source RCON adapter per game profile (source-rcon, minecraft-rcon, palworld-rcon, ark-rcon, factorio-rcon).
            services.AddSingleton<IGameAdapter>(provider => new SourceRconAdapter(
                profile, provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<IGameAdapter, Quake3RconAdapter>();
        services.AddSingleton<IGameAdapter, TeeworldsEconAdapter>();
        services.AddSevenDaysTelnet();
        services.AddSingleton<GameAdapterRegistry>();
        return services;
    }
}
