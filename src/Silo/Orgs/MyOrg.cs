using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <summary>An org the signed-in user belongs to, with their role there.</summary>
public sealed record MyOrg(string Id, string Name, OrgRole Role, DateTimeOffset Since);
