namespace GameOps.Silo.WebConsole;

public sealed class WebConsoleOptions
{
    public const string Section = "GameOps:WebConsole";

    /// <summary>Serves the web console at <c>/</c> on the API's endpoint; off for gateway-only or API-only silos.</summary>
    public bool Enabled { get; set; } = true;
}
