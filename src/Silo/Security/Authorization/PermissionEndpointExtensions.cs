namespace GameOps.Silo.Security.Authorization;

public static class PermissionEndpointExtensions
{
    /// <summary>The permission the endpoint needs in the org it touches; checked by <see cref="PermissionAuthorizationHandler"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.PolicyName(permission)).WithMetadata(new PermissionMetadata(permission));
}
