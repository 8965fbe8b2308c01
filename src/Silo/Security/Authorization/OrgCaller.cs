using GameOps.Grains.Identity;

namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// The org a request acts in and the caller's role there, as authorization decided them; a request feature, set
/// before the endpoint runs. <see cref="Role"/> is null for the platform admin, who is above every org.
/// </summary>
public sealed record OrgCaller(string OrgId, OrgRole? Role);
