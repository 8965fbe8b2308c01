using System.Text.RegularExpressions;

namespace GameOps.Grains.Identity;

/// <summary>What org ids, names and the roles members give each other may be; shared by the API's validation and the grains.</summary>
public static partial class OrgRules
{
    public const int MaxNameLength = 100;

    /// <summary>The most API keys an org keeps, revoked ones included.</summary>
    public const int MaxApiKeys = 1000;

    /// <summary>The most orgs one user may belong to when making another: an account cannot fill the database with orgs.</summary>
    public const int MaxOrgsPerUser = 100;

    public static string NewOrgId() => Guid.NewGuid().ToString("N");

    public static bool IsValidOrgId(string? orgId) => orgId is not null && OrgIdPattern().IsMatch(orgId);

    /// <summary>User ids share the org ids' shape: they appear in URLs and audit targets.</summary>
    public static bool IsValidUserId(string? userId) => userId is not null && OrgIdPattern().IsMatch(userId);

    public static string? ValidateName(string? name) => TextRules.ValidateName(name, "org", MaxNameLength);

    /// <summary>
    /// Why someone with <paramref name="callerRole"/> may not give <paramref name="role"/> (to a member, a key or an
    /// invite), or null when they may: nobody gives more than they hold, and only Owners make Owners. A null caller
    /// role is the platform admin, who may give any.
    /// </summary>
    public static string? RefuseGiving(OrgRole? callerRole, OrgRole role) =>
        callerRole is { } caller && role > caller
            ? $"A {caller} cannot give the {role} role: nobody gives more than their own role."
            : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex OrgIdPattern();
}
