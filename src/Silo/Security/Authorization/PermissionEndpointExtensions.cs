namespace GameOps.Silo.Security.Authorization;

public static class PermissionEndpointExtensions
{
    /// <summary>The permission the endpoint needs in the org it touches; checked by <see cref="PermissionAuthorizationHandler"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.PolicyName(permission)).WithMetadata(new PermissionMetadata(permission));

    /// <summary>The endpoint serves a signed-in person (and the platform admin key when <paramref name="adminKeyAllowed"/>), not an org's key.</summary>
    public static TBuilder RequireAccount<TBuilder>(this TBuilder builder, bool adminKeyAllowed)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AccountRequirement(adminKeyAllowed).PolicyName).WithMetadata(new AccountMetadata(adminKeyAllowed));
}
