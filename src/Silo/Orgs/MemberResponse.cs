using GameOps.Grains.Identity;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Orgs;

public sealed record MemberResponse(string UserId, OrgRole Role, Dictionary<string, string[]> Servers, DateTimeOffset Since)
{
    public static MemberResponse From(OrgMember member) => new(
        member.UserId,
        member.Role,
        member.Servers.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => RolePermissions.NamesOf(s.Value).ToArray(), StringComparer.Ordinal),
        member.Since);
}
