using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace GameOps.Silo.Identity;

/// <summary>
/// Refuses a change made with the session cookie unless it carries the anti-forgery token: a browser sends the cookie
/// with another site's form post too. Bearer calls (keys, access tokens) are not affected: no browser adds them by itself.
/// </summary>
public sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problemDetails)
{
    /// <summary>
    /// The web console's circuit hub. Its SignalR negotiate is a POST with the session cookie and cannot carry a token;
    /// it changes nothing by itself, and the cookie is SameSite=Strict, so another site's page cannot open a circuit with it.
    /// </summary>
    public const string BlazorHubPath = "/_blazor";

    // Passes a request on without a frame of its own when it made no change with the cookie: an agent's stream or an
    // event stream lasts for hours, and an awaiting frame would be kept for each. The user is read from the feature, as
    // authentication left it: HttpContext.User would make an anonymous user for each request that has none.
    public Task InvokeAsync(HttpContext http) =>
        http.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity is { IsAuthenticated: true, AuthenticationType: IdentityExtensions.CookieScheme }
        && !http.Request.Path.StartsWithSegments(BlazorHubPath)
        && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
            ? CheckTokenAsync(http)
            : next(http);

    private async Task CheckTokenAsync(HttpContext http)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Anti-forgery token missing",
                    Detail = "A change made with the session cookie needs the anti-forgery token as the X-CSRF-TOKEN header (from POST /api/v1/auth/login or GET /api/v1/auth/antiforgery).",
                },
            });
            return;
        }

        await next(http);
    }
}
