namespace GameOps.Silo.Security;

/// <summary>
/// Endpoint metadata for pages a person opens in a browser (the Orleans dashboard): an unauthenticated request is
/// challenged for HTTP Basic, so the browser asks for the API key (as the password) instead of showing a bare 401.
/// </summary>
public sealed class BasicChallengeMetadata
{
    public const string Challenge = "Basic realm=\"GameOps\"";

    public static BasicChallengeMetadata Instance { get; } = new();

    private BasicChallengeMetadata()
    {
    }
}
