using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Identity;
using GameOps.Silo.Security.Authorization;
using GameOps.Web.Shell;

namespace GameOps.Silo.WebConsole;

/// <summary>
/// The web console's permission checks: the REST API's own (<see cref="OrgAccess"/>), in the org the user picked, with a
/// refusal thrown as the console shows it.
/// </summary>
public sealed class WebConsoleAccess(OrgAccess access)
{
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, string orgId, Permission permission, string? serverKey = null) =>
        OrgRules.IsValidOrgId(orgId) && (await access.DecideAsync(user, orgId, permission, serverKey)).Allowed;

    /// <summary>
    /// Throws <see cref="ConsoleRefusedException"/> unless the user holds <paramref name="permission"/> in the org (on the
    /// server, when given); the decision names the user's role there (null for the platform admin).
    /// </summary>
    public async Task<AccessDecision> RequireAsync(ClaimsPrincipal user, string orgId, Permission permission, string? serverKey = null)
    {
        if (!OrgRules.IsValidOrgId(orgId))
        {
            throw new ConsoleRefusedException($"'{orgId}' is not an org id.");
        }

        var decision = await access.DecideAsync(user, orgId, permission, serverKey);
        return decision.Allowed ? decision : throw new ConsoleRefusedException(decision.Refusal!);
    }

    /// <summary>Throws <see cref="ConsoleRefusedException"/> unless the user holds <paramref name="permission"/> on the server.</summary>
    public Task RequireOnServerAsync(ClaimsPrincipal user, string orgId, string hostId, string serverId, Permission permission) =>
        RequireAsync(user, orgId, permission, GameServerKeys.For(hostId, serverId));

    // The circuit has no request of its own to take an address from; the audit entry names the user and the console.
    public static Actor ActorOf(ClaimsPrincipal user) => new(ActorKind.Web, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", null);
}
