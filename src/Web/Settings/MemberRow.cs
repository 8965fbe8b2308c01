using System.Collections.Immutable;
using GameOps.Grains.Identity;

namespace GameOps.Web.Settings;

/// <param name="Servers">The member's per-server grants, by game server key (<c>hostId/serverId</c>): each replaces what the role gives there.</param>
/// <param name="RoleGives">What the member's role gives on every server without a grant.</param>
public sealed record MemberRow(
    string UserId,
    string UserName,
    OrgRole Role,
    DateTimeOffset Since,
    ImmutableDictionary<string, ServerPermissions> Servers,
    ServerPermissions RoleGives);
