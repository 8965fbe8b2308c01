namespace GameOps.Web.Hosts;

/// <summary>The colours of the load figures, the theme's own variables so light and dark mode both read.</summary>
public static class HostLoadColors
{
    public const string Cpu = "var(--mud-palette-primary)";
    public const string Memory = "var(--mud-palette-info)";
    public const string Disk = "var(--mud-palette-warning)";
}
