using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>What every browser test does with a console page: wait for the circuit, and photograph it at both widths.</summary>
public static class ConsolePages
{
    public const int Wide = 1280;
    public const int Narrow = 390;

    /// <summary>
    /// Waits until the page's Blazor circuit is up (the layout sets data-interactive after its first interactive render):
    /// a click on prerendered HTML before then is lost.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Goes to <paramref name="path"/>, which sends a visitor to the sign-in form, signs in there and waits until the
    /// page is back at <paramref name="path"/> with its circuit up.
    /// </summary>
    public static async Task SignInAsync(this IPage page, string path, string userName, string password)
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync($"**/signin?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"**{path}");
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Writes the page at 1280 px and at 390 px wide to docs/screenshots/{name}-{width}.png, and goes back to 1280 px
    /// with the menu as it was there.
    /// </summary>
    public static async Task ScreenshotBothWidthsAsync(this IPage page, string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var hasDrawer = await page.Locator(".mud-drawer").CountAsync() > 0;
        var drawerOpenWhenWide = false;
        foreach (var width in new[] { Wide, Narrow })
        {
            await page.SetViewportSizeAsync(width, 800);
            await page.WaitForFunctionAsync($"window.innerWidth === {width}");
            if (width == Narrow && hasDrawer)
            {
                // The menu folds away below the medium breakpoint once the circuit has heard of the resize.
                await page.Locator(".mud-drawer.mud-drawer--closed").WaitForAsync();
            }

            await WaitForLayoutToSettleAsync(page);
            if (width == Wide && hasDrawer)
            {
                drawerOpenWhenWide = await page.Locator(".mud-drawer.mud-drawer--open").CountAsync() > 0;
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(Wide, 800);
        await page.WaitForFunctionAsync($"window.innerWidth === {Wide}");
        if (drawerOpenWhenWide)
        {
            // The menu unfolds again, and pushes the content aside, only when the circuit hears of the resize: a click
            // aimed before then lands where a link used to be (a CI run lost its click on a job's link that way).
            await page.Locator(".mud-drawer.mud-drawer--open").WaitForAsync();
        }

        await WaitForLayoutToSettleAsync(page);
    }

    // The drawer and the layout slide: pictures and clicks wait for every transition to end.
    private static async Task WaitForLayoutToSettleAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => document.getAnimations().length === 0");
}
