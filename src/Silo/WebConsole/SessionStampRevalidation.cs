using GameOps.Grains.Identity;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// Ends a circuit's sign-in when its session would be refused now: a circuit keeps the user it opened with, while
/// <see cref="Identity.SessionStamp"/> checks the cookie only on requests. Every minute the user's grain is asked for the
/// security stamp a password change or "sign out everywhere" renews; the console then sends the tab to sign in.
/// </summary>
public sealed class SessionStampRevalidation(ILoggerFactory loggers, IGrainFactory grains) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        return user.GetUserId() is { } userId
            && user.FindFirst(GameOpsClaims.SecurityStamp)?.Value is { } stamp
            && (await grains.GetGrain<IUserGrain>(userId).GetAsync())?.SecurityStamp == stamp;
    }
}
