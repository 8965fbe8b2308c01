using GameOps.Grains.Players;

namespace GameOps.Silo.Players;

public static class PlayersExtensions
{
    /// <summary>Who is online on each game server: how often it is probed with <c>players.list</c>.</summary>
    public static IServiceCollection AddGameOpsPlayers(this IServiceCollection services)
    {
        services.AddOptions<PlayersOptions>().BindConfiguration(PlayersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The sweeper of old player sessions, added by the storage that keeps them (its options by <see cref="AddGameOpsPlayers"/>).</summary>
    public static IServiceCollection AddPlayerSessionRetention(this IServiceCollection services)
    {
        services.AddSingleton<PlayerSessionSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<PlayerSessionSweeper>());
        return services;
    }
}
