using GameOps.Grains.Identity;
using GameOps.Silo.Security.Authorization;

namespace GameOps.Silo.Orgs;

/// <summary>
/// Nobody grants on a game server what they may not do there themselves: a member's role is checked against the
/// caller's role (<see cref="OrgRules.RefuseGiving"/>), and a per-server grant against what the caller holds on that
/// server (their own grant there, else their role's).
/// </summary>
public static class ServerGrantRules
{
    /// <summary>
    /// Why the change may not be made, or null. On each server the change's grants or the member's present ones name, what
    /// the member may do afterwards beyond what they could before must be held there by the caller; what they keep or lose
    /// is never refused, so an Admin kept off one server's power can still change that member's other servers.
    /// </summary>
    /// <param name="before">The member as they are now; null when the change adds them.</param>
    /// <param name="callerGrants">The caller's own per-server grants in the org; empty for an API key.</param>
    public static string? Refuse(SetMember change, OrgMember? before, IReadOnlyDictionary<string, ServerPermissions> callerGrants)
    {
        if (change.CallerRole is not { } callerRole)
        {
            return null; // the platform admin, above every org
        }

        var servers = change.Servers.Keys.Union(before?.Servers.Keys ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            var after = change.Servers.TryGetValue(server, out var granted) ? granted : RolePermissions.OnEveryServer(change.Role);
            var had = before is null ? ServerPermissions.None
                : before.Servers.TryGetValue(server, out var previous) ? previous : RolePermissions.OnEveryServer(before.Role);
            var held = callerGrants.TryGetValue(server, out var own) ? own : RolePermissions.OnEveryServer(callerRole);
            if ((after & ~had & ~held) is var beyond and not ServerPermissions.None)
            {
                return $"You cannot grant {string.Join(", ", RolePermissions.NamesOf(beyond))} on {server}: you do not hold it there yourself.";
            }
        }

        return null;
    }
}
