using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Grains.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>What the identity grains need from their silo: ASP.NET Core Identity's password hasher.</summary>
    public static IServiceCollection AddGameOpsIdentityGrains(this IServiceCollection services) =>
        services.AddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();
}
