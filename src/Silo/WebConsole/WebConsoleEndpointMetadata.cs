namespace GameOps.Silo.WebConsole;

/// <summary>
/// Marks the web console's endpoints (pages, circuit hub, static files). None declares a permission: the pages send a
/// signed-out visitor to sign in, and each read or change the circuit makes checks the user's role in the org itself.
/// </summary>
public sealed class WebConsoleEndpointMetadata
{
    public static readonly WebConsoleEndpointMetadata Instance = new();

    private WebConsoleEndpointMetadata()
    {
    }
}
