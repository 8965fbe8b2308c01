namespace GameOps.Silo.Orgs;

/// <param name="OwnerUserId">The account that becomes the org's Owner: the caller when left out; the admin key must name one.</param>
public sealed record CreateOrgRequest(string? Name, string? OwnerUserId);
