using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

public sealed record AcceptedInvite(string UserId, string OrgId, OrgRole Role);
