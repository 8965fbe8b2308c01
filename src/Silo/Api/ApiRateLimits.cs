using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Api;

/// <summary>
/// Rate limits of <c>/api/v1</c>, per caller and per silo: a token bucket of requests for each API key, user, the
/// platform admin key, and each address that calls without credentials; and a count of the server-sent event streams
/// each holds open. A refusal is a 429 with <c>Retry-After</c> in whole seconds and problem details. The agents' gateway,
/// the web console's circuit and everything outside <c>/api/v1</c> are not limited here.
/// </summary>
public static class ApiRateLimits
{
    public const string StreamPolicy = "api-streams";

    /// <summary>Marks the routes whose requests the per-caller bucket counts.</summary>
    private sealed class LimitedRoute;

    private static readonly LimitedRoute Limited = new();

    public static IServiceCollection AddGameOpsRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((limiter, limits) =>
        {
            var perToken = TimeSpan.FromSeconds(1 / limits.Value.RequestsPerSecond);
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<LimitedRoute>() is null
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(CallerOf(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Value.Burst,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = perToken,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.OnRejected = (context, _) => RefuseAsync(context.HttpContext, context.Lease, limits.Value);
            limiter.AddPolicy(StreamPolicy, http => RateLimitPartition.GetConcurrencyLimiter(CallerOf(http), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.Value.StreamsPerCaller,
                QueueLimit = 0,
            }));
        });
        return services;
    }

    /// <summary>Counts every request of <paramref name="api"/> against its caller, and each event stream's whole life against the caller's streams.</summary>
    public static RouteGroupBuilder WithRateLimits(this RouteGroupBuilder api)
    {
        api.WithMetadata(Limited);
        // After each route's own conventions, which are what say that it answers with a stream.
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(r => r.ContentTypes.Contains("text/event-stream")))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(StreamPolicy));
            }
        });
        return api;
    }

    /// <summary>Whose allowance a request spends: the actor id of an authenticated caller, else the client's address.</summary>
    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } actor
            ? actor
            : "address:" + ClientAddress.Of(http.Connection.RemoteIpAddress);

    private static string Describe(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? "This address"
        : user.FindFirstValue(GameOpsClaims.ApiKeyId) is not null ? "This API key"
        : user.GetUserId() is not null ? "This user"
        : "The platform admin key";

    private static async ValueTask RefuseAsync(HttpContext http, RateLimitLease lease, ApiRateLimitOptions limits)
    {
        // A refused request's token comes back at a known time; a stream's slot when one of the caller's streams ends,
        // which no clock says.
        var (wait, detail) = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (retryAfter, $"{Describe(http.User)} made more than {limits.Burst.ToString(CultureInfo.InvariantCulture)} requests at once or more than {limits.RequestsPerSecond.ToString(CultureInfo.InvariantCulture)} a second.")
            : (TimeSpan.FromSeconds(5), $"{Describe(http.User)} holds {limits.StreamsPerCaller.ToString(CultureInfo.InvariantCulture)} event streams open, the most it may; close one first.");
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Written whatever the request accepts: a stream's client asks for text/event-stream only.
        await TypedResults.Problem(
            $"{detail} Try again in {seconds.ToString(CultureInfo.InvariantCulture)} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
            .ExecuteAsync(http);
    }
}
