namespace GameOps.Silo.Security;

public static class TokenPrefixes
{
    public const string AdminKey = "goa_";
    public const string HostCredential = "goh_";
    public const string EnrolmentToken = "goe_";
}
