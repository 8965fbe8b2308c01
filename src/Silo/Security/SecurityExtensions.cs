using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameOps.Silo.Security;

public static class SecurityExtensions
{
    public static IServiceCollection AddGameOpsSecurity(this IServiceCollection services)
    {
        services.AddOptions<AdminKeyOptions>().BindConfiguration(AdminKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<AdminKeyBootstrapper>();
        services.AddDataFolder<AdminKeyOptions>(adminKey => DataFolder.Containing(adminKey.FilePath));
        services.AddGameOpsKeyRing();
        services.AddHostedService<DataFolderModeCheck>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminKeyVerifier>();
        services.AddOptions<FailedAuthenticationOptions>().BindConfiguration(FailedAuthenticationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(GameOpsClaims.PlatformAdminPolicy, policy => policy.RequireRole(GameOpsClaims.PlatformAdminRole));
        foreach (var permission in Enum.GetValues<Permission>())
        {
            authorization.AddPolicy(PermissionRequirement.PolicyName(permission), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }

        services.AddSingleton<OrgAccess>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}
