using GameOps.EdgeAgent.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameOps.EdgeAgent.Adapters.SevenDays;

public static class SevenDaysServiceCollectionExtensions
{
    /// <summary>Registers the 7 Days to Die telnet adapter, its options and, unless one is registered, the console line sink.</summary>
    public static IServiceCollection AddSevenDaysTelnet(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SevenDaysTelnetOptions>();
        services.AddConsoleLineSink();
        services.AddSingleton<SevenDaysTelnetAdapter>();
        services.AddSingleton<IGameAdapter>(provider => provider.GetRequiredService<SevenDaysTelnetAdapter>());
        return services;
    }
}
