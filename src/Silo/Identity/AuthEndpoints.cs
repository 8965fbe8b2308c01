using GameOps.Grains.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Identity;

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().Produces<SignedIn>()
            .WithSummary("Signs a user in with a session cookie; the answer's antiforgeryToken goes in X-CSRF-TOKEN on every change.");
        auth.MapPost("/logout", (Delegate)LogoutAsync).AllowAnonymous().WithSummary("Ends the session cookie.");
        auth.MapGet("/antiforgery", GetAntiforgeryToken).AllowAnonymous()
            .WithSummary("A new anti-forgery token for the signed-in session, for a page that lost the one login gave.");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous().Produces<AccessTokenResponse>()
            .WithSummary("A 15-minute access token for a script that signs in as a user: send it as 'Authorization: Bearer <token>'.");
        return api;
    }

    private static async Task<IResult> LoginAsync(SignInRequest? request, HttpContext http, UserSignIn signIn, IAntiforgery antiforgery)
    {
        var (user, refusal) = await signIn.SignInAsync(request?.UserName, request?.Password, http);
        if (user is null)
        {
            return refusal!;
        }

        var principal = UserPrincipal.For(user, IdentityExtensions.CookieScheme);
        await http.SignInAsync(IdentityExtensions.CookieScheme, principal);

        // The token is bound to the user it is made for.
        http.User = principal;
        return TypedResults.Ok(new SignedIn(user.Id, user.Name, user.IsPlatformAdmin, [.. user.OrgIds], antiforgery.GetAndStoreTokens(http).RequestToken!));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityExtensions.CookieScheme);
        return TypedResults.NoContent();
    }

    private static Ok<AntiforgeryTokenResponse> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryTokenResponse(antiforgery.GetAndStoreTokens(http).RequestToken!));

    private static async Task<IResult> IssueTokenAsync(SignInRequest? request, HttpContext http, UserSignIn signIn, AccessTokens tokens)
    {
        var (user, refusal) = await signIn.SignInAsync(request?.UserName, request?.Password, http);
        return user is null
            ? refusal!
            : TypedResults.Ok(new AccessTokenResponse(await tokens.IssueAsync(user), "Bearer", (int)AccessTokens.Lifetime.TotalSeconds));
    }

    public sealed record AntiforgeryTokenResponse(string AntiforgeryToken);
}
