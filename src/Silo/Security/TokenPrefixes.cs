namespace GameOps.Silo.Security;

public static class TokenPrefixes
{
    public const string AdminKey = "goa_";
    public const string HostCredential = "goh_";
    public const string EnrolmentToken = "goe_";

    /// <summary>An org's API key: the prefix, the key's id (32 hex digits), then its secret.</summary>
    public const string ApiKey = "gok_";

    /// <summary>An invite to an org: the prefix, the invite's id, then its secret.</summary>
    public const string Invite = "goi_";

    /// <summary>The one-time token that lets the first caller set GameOps up.</summary>
    public const string SetupToken = "gos_";
}
