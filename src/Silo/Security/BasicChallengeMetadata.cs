namespace GameOps.Silo.Security;

/// <summary>
/// Endpoint metadata for pages a person opens in a browser and that change nothing (the Orleans dashboard): they take
/// HTTP Basic with the API key as the password, and challenge an unauthenticated request for it, so the browser asks
/// for the key instead of showing a bare 401. Every other endpoint takes bearer keys only.
/// </summary>
public sealed class BasicChallengeMetadata
{
    public const string Challenge = "Basic realm=\"GameOps\"";

    public static BasicChallengeMetadata Instance { get; } = new();

    private BasicChallengeMetadata()
    {
    }
}
