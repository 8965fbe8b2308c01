using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameOps.Silo.Security;

public static class SecurityExtensions
{
    public const string SchemeName = "GameOps";
    public const string CookieScheme = "GameOps.Cookie";
    public const string SessionCookie = "gameops.session";

    public static IServiceCollection AddGameOpsSecurity(this IServiceCollection services)
    {
        services.AddOptions<AdminKeyOptions>().BindConfiguration(AdminKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataFolder<AdminKeyOptions>(adminKey => DataFolder.Containing(adminKey.FilePath));
        services.AddGameOpsKeyRing();
        services.AddHostedService<DataFolderModeCheck>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminKeyVerifier>();
        services.AddOptions<FailedAuthenticationOptions>().BindConfiguration(FailedAuthenticationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedAuthenticationLimiter>();
        // A request with an Authorization header is the key's or token's; one without it may carry the session cookie.
        // Challenges and refusals are answered by the bearer scheme, with problem details.
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, null, scheme =>
            {
                scheme.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey(SessionCookie)
                    ? CookieScheme
                    : ApiKeyAuthenticationHandler.SchemeName;
                scheme.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
                scheme.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(GameOpsClaims.PlatformAdminPolicy, policy => policy.RequireRole(GameOpsClaims.PlatformAdminRole));
        foreach (var permission in Enum.GetValues<Permission>())
        {
            authorization.AddPolicy(PermissionRequirement.PolicyName(permission), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }

        foreach (var account in new[] { new AccountRequirement(AdminKeyAllowed: false), new AccountRequirement(AdminKeyAllowed: true) })
        {
            authorization.AddPolicy(account.PolicyName, policy => policy.RequireAuthenticatedUser().AddRequirements(account));
        }

        services.AddSingleton<OrgAccess>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, AccountAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}
