using GameOps.Grains.Identity;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GameOps.Silo.Identity;

/// <summary>
/// Ends a session cookie whose user changed their password or signed out everywhere since it was issued (or no longer
/// exists): the user's grain is asked at each request, so this holds on every silo at once.
/// </summary>
public static class SessionStamp
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (principal?.GetUserId() is { } userId
            && principal.FindFirst(GameOpsClaims.SecurityStamp)?.Value is { } stamp
            && await grains.GetGrain<IUserGrain>(userId).GetAsync() is { } user
            && user.SecurityStamp == stamp)
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityExtensions.CookieScheme);
    }
}
