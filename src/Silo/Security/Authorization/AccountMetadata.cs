namespace GameOps.Silo.Security.Authorization;

/// <summary>Marks a route that needs an account rather than an org permission, for the tests and the docs that walk the endpoint list.</summary>
public sealed record AccountMetadata(bool AdminKeyAllowed);
