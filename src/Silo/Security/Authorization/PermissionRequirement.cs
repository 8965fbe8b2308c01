using Microsoft.AspNetCore.Authorization;

namespace GameOps.Silo.Security.Authorization;

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement
{
    public static string PolicyName(Permission permission) => "permission:" + RolePermissions.NameOf(permission);
}
