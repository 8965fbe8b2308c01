using System.Security.Claims;
using GameOps.Grains.Identity;
using GameOps.Silo.Identity;
using GameOps.Silo.Orgs;
using GameOps.Silo.Security;
using GameOps.Grains.Platform;
using GameOps.Web.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.WebConsole;

/// <summary>The console's setup and sign-in forms, through the same code as POST /api/v1/setup and /api/v1/auth/login.</summary>
public sealed class SiloConsoleAccounts(IGrainFactory grains, UserSignIn signIn, IOptions<SetupOptions> setup, FailedAuthenticationLimiter failedAttempts)
    : IConsoleAccounts
{
    public Task<bool> IsSetUpAsync() => grains.GetGrain<IPlatformGrain>(0).IsSetupCompleteAsync();

    public async Task<string?> SetUpAsync(SetupForm form, HttpContext http)
    {
        var request = new SetupRequest(form.SetupToken?.Trim(), form.UserName, form.Password, form.OrgName);
        var result = await SetupEndpoints.SetUpAsync(request, http, grains, setup, failedAttempts);
        return result.Result is Created<SetupDone> ? null : Describe(result.Result);
    }

    public async Task<string?> SignInAsync(string? userName, string? password, HttpContext http)
    {
        var (user, refusal) = await signIn.SignInAsync(userName, password, http);
        if (user is null)
        {
            return Describe(refusal!);
        }

        await http.SignInAsync(IdentityExtensions.CookieScheme, UserPrincipal.For(user, IdentityExtensions.CookieScheme));
        return null;
    }

    public Task SignOutAsync(HttpContext http) => http.SignOutAsync(IdentityExtensions.CookieScheme);

    public async Task<string?> AcceptInviteAsync(InviteForm form, HttpContext http)
    {
        var joining = http.User.GetUserId() is null ? new ClaimsPrincipal() : http.User;
        if (joining.GetUserId() is null && form.Mode == InviteForm.ExistingAccount)
        {
            var (user, refusal) = await signIn.SignInAsync(form.UserName, form.Password, http);
            if (user is null)
            {
                return Describe(refusal!);
            }

            joining = UserPrincipal.For(user, IdentityExtensions.CookieScheme);
        }

        var isNew = joining.GetUserId() is null;
        var request = new AcceptInviteRequest(form.Token?.Trim(), isNew ? form.UserName : null, isNew ? form.Password : null);
        var result = await InviteEndpoints.AcceptAsync(request, joining, http, grains, failedAttempts);
        if (result.Result is not Ok<AcceptedInvite> accepted)
        {
            // A token cut short when copied is the link's fault, not the form's.
            return result.Result is ValidationProblem problem && problem.ProblemDetails.Errors.ContainsKey("token")
                ? InviteEndpoints.Describe(InviteRefusal.NotValid)
                : Describe(result.Result);
        }

        // The cookie names the user's orgs as they are now, the one just joined included.
        if (http.User.GetUserId() is null && await grains.GetGrain<IUserGrain>(accepted.Value!.UserId).GetAsync() is { } joined)
        {
            await http.SignInAsync(IdentityExtensions.CookieScheme, UserPrincipal.For(joined, IdentityExtensions.CookieScheme));
        }

        return null;
    }

    /// <summary>The sentence the API's problem details would show.</summary>
    private static string Describe(IResult refusal) => refusal switch
    {
        ValidationProblem validation => string.Join(" ", validation.ProblemDetails.Errors.SelectMany(e => e.Value)),
        ProblemHttpResult problem => problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Refused.",
        _ => "Refused.",
    };
}
