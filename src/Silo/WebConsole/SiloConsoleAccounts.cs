using GameOps.Silo.Identity;
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

    /// <summary>The sentence the API's problem details would show.</summary>
    private static string Describe(IResult refusal) => refusal switch
    {
        ValidationProblem validation => string.Join(" ", validation.ProblemDetails.Errors.SelectMany(e => e.Value)),
        ProblemHttpResult problem => problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Refused.",
        _ => "Refused.",
    };
}
