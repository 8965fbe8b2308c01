namespace GameOps.Silo.Security.Authorization;

/// <summary>The permission an endpoint declared, for the tests and the docs that walk the endpoint list.</summary>
public sealed record PermissionMetadata(Permission Permission);
