using System.Net;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Security;

public static class GameOpsClaims
{
    /// <summary>The caller's own org: an API key's, a user's first, the default org for the platform admin key.</summary>
    public const string OrgId = "gameops:org";

    /// <summary>The org this request acts in, as authorization decided it (<see cref="Authorization.PermissionAuthorizationHandler"/>).</summary>
    public const string ActingOrgId = "gameops:acting-org";

    /// <summary>An org API key's id and role.</summary>
    public const string ApiKeyId = "gameops:api-key";
    public const string ApiKeyRole = "gameops:api-key-role";

    /// <summary>A user account's id.</summary>
    public const string UserId = "gameops:user";

    /// <summary>The user's security stamp when the session began; a session whose stamp is no longer the user's is ended.</summary>
    public const string SecurityStamp = "gameops:security-stamp";

    public const string PlatformAdminRole = "PlatformAdmin";
    public const string PlatformAdminPolicy = "PlatformAdmin";

    /// <summary>The org the caller acts in; every endpoint scopes what it reads and writes to it.</summary>
    public static string GetOrgId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ActingOrgId) ?? user.FindFirstValue(OrgId)
        ?? throw new InvalidOperationException("The caller has no org claim; the endpoint must require authorization.");

    public static bool IsPlatformAdmin(this ClaimsPrincipal user) => user.IsInRole(PlatformAdminRole);

    public static ApiKeyGrant? GetApiKeyGrant(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyId) is { } keyId && user.FindFirstValue(OrgId) is { } orgId
            && Enum.TryParse<OrgRole>(user.FindFirstValue(ApiKeyRole), out var role)
            ? new ApiKeyGrant(keyId, orgId, role)
            : null;

    public static string? GetUserId(this ClaimsPrincipal user) => user.FindFirstValue(UserId);

    /// <summary>Who the caller is for jobs and the audit log: <c>platform-admin</c>, <c>api-key:{id}</c> or <c>user:{id}</c>.</summary>
    public static Actor ToActor(this ClaimsPrincipal user, IPAddress? remoteAddress) =>
        new(ActorKind.Api, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", remoteAddress?.ToString());
}
