namespace GameOps.Silo.Security;

public static class TokenPrefixes
{
    public const string AdminKey = "goa_";
    public const string HostCredential = "goh_";
}
