using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GameOps.Silo.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> (on gRPC calls also <c>x-api-key: &lt;key&gt;</c>): an org API key against its own grain (asked at every request, so
/// a revoked key is refused at once on every silo), the platform admin key against its stored hash; and on
/// endpoints with <see cref="BasicChallengeMetadata"/> (the dashboard) also HTTP Basic with the key as the password
/// (any user name, for browsers). Failures answer with problem details and never echo the presented key.
/// </summary>
/// <remarks>
/// A browser sends remembered Basic credentials with any request to the site, another site's form post included, so
/// Basic is refused wherever a request can change something (docs/security.md). Failed attempts are counted per client
/// address by <see cref="FailedAuthenticationLimiter"/>, which also logs them (once per burst, with the address); the
/// base class, which would log each one without it, gets no logger.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    UrlEncoder encoder,
    AdminKeyVerifier adminKeys,
    IGrainFactory grains,
    AccessTokens accessTokens,
    FailedAuthenticationLimiter failedAttempts,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";
    private const string BasicPrefix = "Basic ";

    /// <summary>The gRPC metadata entry that may carry the key instead of <c>authorization: Bearer</c>.</summary>
    public const string ApiKeyMetadata = "x-api-key";

    // Base64 of "user:key": room for a user name as long as the longest key.
    private const int MaxBasicCredentialsLength = (Secrets.MaxTokenLength * 2 + 1 + 2) / 3 * 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Set when this request's address has failed too often: the challenge answers 429 instead of 401.</summary>
    private TimeSpan? _retryAfter;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0 && Request.Headers[ApiKeyMetadata] is { Count: 1 } apiKey && IsGrpc)
        {
            // gRPC clients often carry a key as its own metadata entry; REST takes only the Authorization header.
            header = BearerPrefix + apiKey.ToString();
        }

        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var isBasic = header.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase);
        if (isBasic && !AcceptsBasic)
        {
            // Not counted as a failure: a browser sends it by itself, so another site could lock the admin out.
            return AuthenticateResult.Fail("This endpoint takes the API key as 'Authorization: Bearer <key>'; Basic credentials are accepted by the dashboard only.");
        }

        if (failedAttempts.RetryAfter(Listener.Api, Context.Connection.RemoteIpAddress) is { } retryAfter)
        {
            _retryAfter = retryAfter;
            return AuthenticateResult.Fail("Too many failed authentication attempts from this address.");
        }

        string? key;
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            key = header[BearerPrefix.Length..].Trim();
        }
        else if (isBasic)
        {
            key = PasswordOf(header.AsSpan(BasicPrefix.Length).Trim());
        }
        else
        {
            return Failed(AcceptsBasic
                ? "The Authorization header must be 'Bearer <api key>', or Basic with the API key as the password."
                : "The Authorization header must be 'Bearer <api key>'.");
        }

        if (key is not null && !isBasic && key.Contains('.', StringComparison.Ordinal))
        {
            return await accessTokens.ValidateAsync(key) is var (userId, stamp)
                && await grains.GetGrain<IUserGrain>(userId).GetAsync() is { } user && user.SecurityStamp == stamp
                ? AuthenticateResult.Success(new AuthenticationTicket(UserPrincipal.For(user, SchemeName), SchemeName))
                : Failed("The access token is not valid, has expired, or was ended by a password change or a sign-out everywhere.");
        }

        if (key is null || key.Length is 0 or > Secrets.MaxTokenLength)
        {
            return Failed("The API key is malformed.");
        }

        if (key.StartsWith(TokenPrefixes.HostCredential, StringComparison.Ordinal))
        {
            // An agent's stream: the gateway checks host credentials itself, against the host they name.
            return AuthenticateResult.NoResult();
        }

        if (IdentifiedTokens.TryReadId(TokenPrefixes.ApiKey, key, out var keyId))
        {
            return await grains.GetGrain<IApiKeyGrain>(keyId).VerifyAsync(Secrets.Hash(key)) is { } grant
                ? Authenticated(
                    new Claim(ClaimTypes.NameIdentifier, $"api-key:{grant.KeyId}"),
                    new Claim(GameOpsClaims.ApiKeyId, grant.KeyId),
                    new Claim(GameOpsClaims.ApiKeyRole, grant.Role.ToString()),
                    new Claim(GameOpsClaims.OrgId, grant.OrgId))
                : Failed("The API key is not valid, or it was revoked or has expired.");
        }

        if (!await adminKeys.IsAdminKeyAsync(key))
        {
            return Failed("The API key is not valid.");
        }

        return Authenticated(
            new Claim(ClaimTypes.NameIdentifier, "platform-admin"),
            new Claim(ClaimTypes.Role, GameOpsClaims.PlatformAdminRole),
            new Claim(GameOpsClaims.OrgId, OrgIds.Default));
    }

    private static AuthenticateResult Authenticated(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private AuthenticateResult Failed(string reason)
    {
        failedAttempts.RecordFailure(Listener.Api, Context.Connection.RemoteIpAddress, reason);
        return AuthenticateResult.Fail(reason);
    }

    private bool IsGrpc => Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    private bool AcceptsBasic => Context.GetEndpoint()?.Metadata.GetMetadata<BasicChallengeMetadata>() is not null;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (_retryAfter is { } retryAfter)
        {
            await RefuseForNowAsync(retryAfter);
            return;
        }

        var browser = AcceptsBasic;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = browser ? BasicChallengeMetadata.Challenge : "Bearer";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = result.Failure?.Message ?? (browser
                    ? "Sign in with the admin API key as the password (any user name)."
                    : "Send an API key as 'Authorization: Bearer <key>'."),
            },
        });
    }

    private async Task RefuseForNowAsync(TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many failed attempts",
                Detail = $"Too many failed authentication attempts from this address; try again in {seconds} s.",
            },
        });
    }

    /// <summary>The password of Basic credentials (base64 of <c>user:password</c>), or null when they are malformed.</summary>
    private static string? PasswordOf(ReadOnlySpan<char> credentials)
    {
        if (credentials.Length is 0 or > MaxBasicCredentialsLength)
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[MaxBasicCredentialsLength / 4 * 3];
        if (!Convert.TryFromBase64Chars(credentials, decoded, out var length))
        {
            return null;
        }

        var separator = decoded[..length].IndexOf((byte)':');
        if (separator < 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(decoded[(separator + 1)..length]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = "Your API key does not allow this.",
            },
        });
    }
}
