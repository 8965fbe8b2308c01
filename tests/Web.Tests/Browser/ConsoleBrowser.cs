using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright: Playwright cannot download its own browsers here, so it launches
/// /usr/bin/chromium (test.sh installs the package). Headless, and without the sandbox, which refuses to run as root.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The longest any one wait in a page may take; a loaded 2-core machine needs room.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly IPlaywright _playwright;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install Debian's 'chromium' package (test.sh does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            Timeout = (float)Patience.TotalMilliseconds,
        });
        return new ConsoleBrowser(playwright, browser);
    }

    /// <summary>A new browser profile (its own cookies and storage) with one page at <paramref name="width"/> px.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
