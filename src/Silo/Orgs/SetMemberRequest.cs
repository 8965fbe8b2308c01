using GameOps.Grains.Identity;

namespace GameOps.Silo.Orgs;

/// <param name="Servers">
/// Per-server grants, by <c>hostId/serverId</c>: the permissions (console.read, console.send, power, schedules, alerts)
/// the member has on that server instead of their role's; an empty list takes them all away there.
/// </param>
public sealed record SetMemberRequest(OrgRole? Role, Dictionary<string, string[]>? Servers);
