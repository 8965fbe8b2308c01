namespace GameOps.Web.Shell;

public static class ConsoleTheme
{
    /// <summary>MudBlazor's theme with system fonts: the console must not fetch fonts from the internet.</summary>
    public static readonly MudBlazor.MudTheme Theme = new()
    {
        Typography = new MudBlazor.Typography
        {
            Default = new MudBlazor.DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
