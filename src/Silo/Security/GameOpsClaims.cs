using System.Net;
using System.Security.Claims;
using GameOps.Grains;

namespace GameOps.Silo.Security;

public static class GameOpsClaims
{
    public const string OrgId = "gameops:org";
    public const string PlatformAdminRole = "PlatformAdmin";
    public const string PlatformAdminPolicy = "PlatformAdmin";

    /// <summary>The org the caller acts in; every endpoint scopes what it reads and writes to it.</summary>
    public static string GetOrgId(this ClaimsPrincipal user) =>
        user.FindFirstValue(OrgId) ?? throw new InvalidOperationException("The caller has no org claim; the endpoint must require authorization.");

    public static Actor ToActor(this ClaimsPrincipal user, IPAddress? remoteAddress) =>
        new(ActorKind.Api, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", remoteAddress?.ToString());
}
