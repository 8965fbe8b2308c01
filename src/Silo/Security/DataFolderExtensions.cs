using Microsoft.Extensions.Options;

namespace GameOps.Silo.Security;

public static class DataFolderExtensions
{
    /// <summary>Registers the <see cref="DataFolder"/> a feature's options name, for the start-up mode check.</summary>
    public static IServiceCollection AddDataFolder<TOptions>(this IServiceCollection services, Func<TOptions, DataFolder> folder)
        where TOptions : class =>
        services.AddSingleton(provider => folder(provider.GetRequiredService<IOptions<TOptions>>().Value));
}
