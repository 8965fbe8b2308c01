using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <param name="ExpiresInHours">Hours the invite can be used in, 1 to 720; 72 when absent.</param>
public sealed record CreateInviteRequest(OrgRole? Role, int? ExpiresInHours);
