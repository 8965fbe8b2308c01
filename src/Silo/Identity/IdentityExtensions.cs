using GameOps.Silo.Security;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GameOps.Silo.Identity;

public static class IdentityExtensions
{
    public const string CookieScheme = SecurityExtensions.CookieScheme;
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>Setup, local accounts signing in with a cookie or an access token, and admin key rotation.</summary>
    public static IServiceCollection AddGameOpsIdentity(this IServiceCollection services)
    {
        services.AddOptions<SetupOptions>().BindConfiguration(SetupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataFolder<SetupOptions>(setup => DataFolder.Containing(setup.TokenFilePath));
        services.AddSingleton<UserSignIn>();
        services.AddSingleton<AccessTokenKey>();
        services.AddSingleton<AccessTokens>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "gameops.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication().AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = SecurityExtensions.SessionCookie;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;

            // An API answers, it does not redirect to a sign-in page.
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => Answer(context.Response, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Answer(context.Response, StatusCodes.Status403Forbidden),
                OnValidatePrincipal = SessionStamp.ValidateAsync,
            };
        });

        // After the cookie handler's own post-configuration, which makes the protected ticket format this wraps.
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).PostConfigure<ILogger<UnreadableCookieWarning>>((cookie, logger) =>
            cookie.TicketDataFormat = new UnreadableCookieWarning(cookie.TicketDataFormat, logger));
        return services;
    }

    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.UseMiddleware<CookieAntiforgeryMiddleware>();

    public static RouteGroupBuilder MapIdentityEndpoints(this RouteGroupBuilder api)
    {
        api.MapSetupEndpoints();
        api.MapAuthEndpoints();
        api.MapAccountEndpoints();
        api.MapAdminKeyEndpoints();
        return api;
    }

    private static Task Answer(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
