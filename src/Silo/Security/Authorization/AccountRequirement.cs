using Microsoft.AspNetCore.Authorization;

namespace GameOps.Silo.Security.Authorization;

/// <summary>
/// A route for a person rather than an org: any signed-in account (session cookie or access token), whatever its roles;
/// with <see cref="AdminKeyAllowed"/>, the platform admin key as well. Org API keys act in their org only and never pass.
/// </summary>
public sealed record AccountRequirement(bool AdminKeyAllowed) : IAuthorizationRequirement
{
    public string PolicyName => AdminKeyAllowed ? "account-or-admin-key" : "account";
}
