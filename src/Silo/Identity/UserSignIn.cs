using System.Globalization;
using GameOps.Grains.Identity;
using GameOps.Silo.Security;

namespace GameOps.Silo.Identity;

/// <summary>Checks a user name and password for the login and token endpoints: the same refusals, the same counting.</summary>
public sealed class UserSignIn(IGrainFactory grains, FailedAuthenticationLimiter failedAttempts)
{
    public async Task<(UserView? User, IResult? Refusal)> SignInAsync(string? userName, string? password, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (UserRules.ValidateName(userName) is { } nameProblem)
        {
            errors["userName"] = [nameProblem];
        }

        if (password is null or { Length: 0 or > UserRules.MaxPasswordLength } || GameOps.Grains.TextRules.HasControlCharacters(password))
        {
            errors["password"] = [$"Send the account's password: 1 to {UserRules.MaxPasswordLength} characters without control characters."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors));
        }

        var address = http.Connection.RemoteIpAddress;
        if (failedAttempts.RetryAfter(Listener.Api, address) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return (null, TypedResults.Problem("Too many failed attempts from this address.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts"));
        }

        var userId = await grains.GetGrain<IUserNameGrain>(UserRules.Normalize(userName!)).GetUserIdAsync();
        var result = userId is null ? new SignInResult(null, null) : await grains.GetGrain<IUserGrain>(userId).SignInAsync(password!);
        if (result.User is { } user)
        {
            return (user, null);
        }

        failedAttempts.RecordFailure(Listener.Api, address, "A sign-in with a wrong user name or password.");
        return (null, TypedResults.Problem(
            result.LockedUntil is { } lockedUntil
                ? $"Too many wrong passwords: the account is locked until {lockedUntil:u}."
                : "The user name or password is wrong.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Sign-in failed"));
    }
}
