using System.Security.Claims;
using GameOps.Grains.Identity;
using Microsoft.AspNetCore.Authorization;

namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// The one check every org endpoint goes through: finds the org the request acts in and the server it names, asks
/// <see cref="OrgAccess"/>, and on success records the decision (<see cref="OrgCaller"/>, and the acting org as a
/// claim, which the endpoints scope their reads and writes to).
/// </summary>
public sealed class PermissionAuthorizationHandler(OrgAccess access) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (OrgAccess.OrgOf(http, context.User) is not { } orgId || !OrgRules.IsValidOrgId(orgId))
        {
            context.Fail(new AuthorizationFailureReason(this, $"Name the org to act in with the '{OrgAccess.OrgHeader}' header."));
            return;
        }

        var decision = await access.DecideAsync(context.User, orgId, requirement.Permission, OrgAccess.ServerOf(http));
        if (!decision.Allowed)
        {
            context.Fail(new AuthorizationFailureReason(this, decision.Refusal!));
            return;
        }

        if (http.Features.Get<OrgCaller>() is null)
        {
            http.Features.Set(new OrgCaller(orgId, decision.Role));
            context.User.AddIdentity(new ClaimsIdentity([new Claim(GameOpsClaims.ActingOrgId, orgId)]));
        }

        context.Succeed(requirement);
    }
}
