using System.Globalization;
using GameOps.Grains.Identity;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Identity;

/// <summary>Checks a password for the login, token and password-change endpoints: the same refusals, the same counting.</summary>
public sealed class UserSignIn(IGrainFactory grains, FailedAuthenticationLimiter failedAttempts)
{
    public async Task<(UserView? User, IResult? Refusal)> SignInAsync(string? userName, string? password, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (UserRules.ValidateName(userName) is { } nameProblem)
        {
            errors["userName"] = [nameProblem];
        }

        if (ValidatePresented(password) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors));
        }

        if (TooManyFailures(http) is { } tooMany)
        {
            return (null, tooMany);
        }

        var userId = await grains.GetGrain<IUserNameGrain>(UserRules.Normalize(userName!)).GetUserIdAsync();
        var result = userId is null ? new SignInResult(null, null) : await grains.GetGrain<IUserGrain>(userId).SignInAsync(password!);
        if (result.User is { } user)
        {
            return (user, null);
        }

        return (null, Refused(http, result, "A sign-in with a wrong user name or password.", "The user name or password is wrong.", StatusCodes.Status401Unauthorized, "Sign-in failed"));
    }

    /// <summary>What is wrong with a password presented to be checked (not one being set: <see cref="UserRules.ValidatePassword"/>).</summary>
    public static string? ValidatePresented(string? password) =>
        password is null or { Length: 0 or > UserRules.MaxPasswordLength } || GameOps.Grains.TextRules.HasControlCharacters(password)
            ? $"Send the account's password: 1 to {UserRules.MaxPasswordLength} characters without control characters."
            : null;

    /// <summary>Changes a signed-in user's password when their current one is right; the new one is validated by the caller.</summary>
    public async Task<(UserView? User, IResult? Refusal)> ChangePasswordAsync(string userId, string currentPassword, string newPassword, HttpContext http)
    {
        if (TooManyFailures(http) is { } tooMany)
        {
            return (null, tooMany);
        }

        var result = await grains.GetGrain<IUserGrain>(userId).ChangePasswordAsync(currentPassword, newPassword, http.User.ToActor(http.Connection.RemoteIpAddress));
        return result.User is { } user
            ? (user, null)
            : (null, Refused(http, result, "A password change with a wrong current password.", "The current password is wrong.", StatusCodes.Status403Forbidden, "Forbidden"));
    }

    private ProblemHttpResult? TooManyFailures(HttpContext http)
    {
        if (failedAttempts.RetryAfter(Listener.Api, http.Connection.RemoteIpAddress) is not { } retryAfter)
        {
            return null;
        }

        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem("Too many failed attempts from this address.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts");
    }

    private ProblemHttpResult Refused(HttpContext http, SignInResult result, string reason, string wrong, int status, string title)
    {
        failedAttempts.RecordFailure(Listener.Api, http.Connection.RemoteIpAddress, reason);
        return TypedResults.Problem(
            result.LockedUntil is { } lockedUntil ? $"Too many wrong passwords: the account is locked until {lockedUntil:u}." : wrong,
            statusCode: status,
            title: title);
    }
}
