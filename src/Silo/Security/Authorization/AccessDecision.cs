using GameOps.Grains.Identity;

namespace GameOps.Silo.Security.Authorization;

/// <summary>Whether the caller may; when not, why, in a sentence the 403 shows.</summary>
public sealed record AccessDecision(bool Allowed, OrgRole? Role, string? Refusal)
{
    public static AccessDecision Allow(OrgRole? role) => new(true, role, null);

    public static AccessDecision Refuse(string refusal) => new(false, null, refusal);
}
