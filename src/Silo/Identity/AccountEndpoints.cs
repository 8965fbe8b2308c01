using System.Security.Claims;
using GameOps.Grains.Identity;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Identity;

/// <summary>What a signed-in user does to their own account.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Auth");
        me.MapPost("/password", ChangePasswordAsync).RequireAccount(adminKeyAllowed: false).Produces(StatusCodes.Status204NoContent)
            .WithSummary("Changes the password (the current one is required) and ends every other session and every access token.");
        me.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).RequireAccount(adminKeyAllowed: false)
            .WithSummary("Ends every session and access token of the account, this one included.");
        return api;
    }

    private static async Task<IResult> ChangePasswordAsync(ChangePasswordRequest? request, ClaimsPrincipal user, HttpContext http, UserSignIn signIn)
    {
        var errors = new Dictionary<string, string[]>();
        if (UserSignIn.ValidatePresented(request?.CurrentPassword) is { } currentProblem)
        {
            errors["currentPassword"] = [currentProblem];
        }

        if (UserRules.ValidatePassword(request?.NewPassword) is { } newProblem)
        {
            errors["newPassword"] = [newProblem];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (changed, refusal) = await signIn.ChangePasswordAsync(user.GetUserId()!, request!.CurrentPassword!, request.NewPassword!, http);
        if (changed is null)
        {
            return refusal!;
        }

        // The browser that changed it stays signed in: its cookie is issued again with the new stamp.
        if (http.User.Identity?.AuthenticationType == IdentityExtensions.CookieScheme)
        {
            await http.SignInAsync(IdentityExtensions.CookieScheme, UserPrincipal.For(changed, IdentityExtensions.CookieScheme));
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutEverywhereAsync(ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        await grains.GetGrain<IUserGrain>(user.GetUserId()!).SignOutEverywhereAsync(user.ToActor(http.Connection.RemoteIpAddress));
        await http.SignOutAsync(IdentityExtensions.CookieScheme);
        return TypedResults.NoContent();
    }
}
