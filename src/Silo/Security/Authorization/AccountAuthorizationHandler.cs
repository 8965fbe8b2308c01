using Microsoft.AspNetCore.Authorization;

namespace GameOps.Silo.Security.Authorization;

public sealed class AccountAuthorizationHandler : AuthorizationHandler<AccountRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountRequirement requirement)
    {
        var user = context.User;
        if (user.GetUserId() is not null || requirement.AdminKeyAllowed && user.IsPlatformAdmin())
        {
            context.Succeed(requirement);
        }
        else if (user.Identity?.IsAuthenticated == true)
        {
            context.Fail(new AuthorizationFailureReason(this, user.IsPlatformAdmin()
                ? "The admin key is not an account: sign in as a user (POST /api/v1/auth/token) for this."
                : "An org API key acts in its org only: sign in as a user (POST /api/v1/auth/token) for this."));
        }

        return Task.CompletedTask;
    }
}
