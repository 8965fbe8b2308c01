using Microsoft.AspNetCore.Http;

namespace GameOps.Web.Account;

/// <summary>
/// First-start setup and cookie sign-in for the console's static (not interactive) pages: a Blazor circuit cannot set a
/// cookie, so these run in the form post's own request, implemented by the silo with the REST API's own checks.
/// </summary>
public interface IConsoleAccounts
{
    Task<bool> IsSetUpAsync();

    /// <summary>Creates the platform admin and the first org with the setup token; null when done, else what was wrong.</summary>
    Task<string?> SetUpAsync(SetupForm form, HttpContext http);

    /// <summary>Checks the password and sets the session cookie on <paramref name="http"/>'s response; null when signed in, else why not.</summary>
    Task<string?> SignInAsync(string? userName, string? password, HttpContext http);

    Task SignOutAsync(HttpContext http);

    /// <summary>
    /// Uses the invite as POST /api/v1/invites/accept does: the signed-in user joins, or the form's existing account after
    /// its password is checked, or a new account it names; the session cookie is then set for that account. Null when
    /// joined, else why not.
    /// </summary>
    Task<string?> AcceptInviteAsync(InviteForm form, HttpContext http);
}
