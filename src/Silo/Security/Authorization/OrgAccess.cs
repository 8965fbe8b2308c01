using System.Security.Claims;
using GameOps.Grains.GameServers;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;

namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// Decides whether a caller holds a permission in an org (and on a game server): the platform admin everywhere; an API
/// key in its own org with its role; a user through their membership, read from the org at each request so a role
/// change or removal applies to the next one.
/// </summary>
public sealed class OrgAccess(IGrainFactory grains)
{
    /// <summary>The header that picks the org a user acts in on routes that do not name one.</summary>
    public const string OrgHeader = "GameOps-Org";

    public async ValueTask<AccessDecision> DecideAsync(ClaimsPrincipal user, string orgId, Permission permission, string? serverKey)
    {
        if (user.IsPlatformAdmin())
        {
            return AccessDecision.Allow(null);
        }

        var name = RolePermissions.NameOf(permission);
        if (user.GetApiKeyGrant() is { } key)
        {
            if (key.OrgId != orgId)
            {
                return AccessDecision.Refuse($"This API key belongs to another org and cannot act in org '{orgId}'.");
            }

            return RolePermissions.Allows(key.Role, permission)
                ? AccessDecision.Allow(key.Role)
                : AccessDecision.Refuse($"An API key with the {key.Role} role does not have {name}.");
        }

        if (user.GetUserId() is not { } userId)
        {
            return AccessDecision.Refuse("The caller is neither a user nor an API key.");
        }

        if (await grains.GetGrain<IOrgGrain>(orgId).GetMemberAsync(userId) is not { } member)
        {
            return AccessDecision.Refuse($"You are not a member of org '{orgId}'.");
        }

        var scoped = RolePermissions.ServerScoped(permission);
        var allowed = scoped != ServerPermissions.None && serverKey is not null && member.Servers.TryGetValue(serverKey, out var granted)
            ? granted.HasFlag(scoped)
            : RolePermissions.Allows(member.Role, permission);
        return allowed
            ? AccessDecision.Allow(member.Role)
            : AccessDecision.Refuse(serverKey is null || scoped == ServerPermissions.None
                ? $"The {member.Role} role does not have {name}."
                : $"You do not have {name} on this server.");
    }

    /// <summary>
    /// The org a request acts in: the route's <c>orgId</c>, else the <see cref="OrgHeader"/> header, else the caller's
    /// own (an API key's org, a user's first org, the default org for the platform admin). Null when none is known.
    /// </summary>
    public static string? OrgOf(HttpContext http, ClaimsPrincipal user) =>
        http.GetRouteValue("orgId") as string
        ?? (http.Request.Headers[OrgHeader] is { Count: 1 } header ? header.ToString() : null)
        ?? user.FindFirstValue(GameOpsClaims.OrgId);

    /// <summary>The game server a route names (hosts/{hostId}/servers/{serverId}), for per-server grants.</summary>
    public static string? ServerOf(HttpContext http) =>
        http.GetRouteValue("hostId") is string hostId && http.GetRouteValue("serverId") is string serverId
            ? GameServerKeys.For(hostId, serverId)
            : null;
}
