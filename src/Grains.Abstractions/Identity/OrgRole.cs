namespace GameOps.Grains.Identity;

/// <summary>A member's (or an API key's) role in one org, from the least to the most it may do.</summary>
[GenerateSerializer]
[Alias("GameOps.OrgRole")]
public enum OrgRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
    Owner = 3,
}
