using System.Security.Claims;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Security;

namespace GameOps.Silo.Identity;

/// <summary>The claims of a signed-in user, the same for a cookie and an access token; their roles are read per request.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal For(UserView user, string authenticationType)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, $"user:{user.Id}"),
            new(ClaimTypes.Name, user.Name),
            new(GameOpsClaims.UserId, user.Id),
            new(GameOpsClaims.SecurityStamp, user.SecurityStamp),
            new(GameOpsClaims.OrgId, user.OrgIds.FirstOrDefault() ?? (user.IsPlatformAdmin ? OrgIds.Default : "")),
        ];
        if (user.IsPlatformAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, GameOpsClaims.PlatformAdminRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }
}
