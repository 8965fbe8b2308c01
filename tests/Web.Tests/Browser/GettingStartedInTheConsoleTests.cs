using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Hosts;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// The console as a new operator meets it, in Debian's Chromium against a silo process and a real agent process:
/// setup, sign-in, add a host, enrol its agent with the command the page shows, see it come online without a reload;
/// then a Viewer, who is shown no way to change hosts and whom the API refuses the same change.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GettingStartedInTheConsoleTests
{
    private const string AdminName = "ada";
    private const string AdminPassword = "correct horse battery staple";
    private const string ViewerName = "vic";
    private const string ViewerPassword = "viewer's long passphrase";

    [Fact]
    public async Task Setup_sign_in_add_host_enrol_agent_host_turns_online_live_and_a_viewer_can_neither_see_nor_use_host_changes()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(silo.BaseAddress);

        // First start: the console sends a visitor to setup, which takes the token the silo wrote.
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/setup");
        await page.ScreenshotBothWidthsAsync("setup");
        await page.FillAsync("#setupToken", (await File.ReadAllTextAsync(folder.Combine("data", "setup-token"))).Trim());
        await page.FillAsync("#userName", AdminName);
        await page.FillAsync("#password", AdminPassword);
        await page.FillAsync("#orgName", "Ada's servers");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/signin?setup=done");
        await page.ScreenshotBothWidthsAsync("sign-in");

        await page.FillAsync("#userName", AdminName);
        await page.FillAsync("#password", AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(silo.BaseAddress.ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=hosts-empty]").WaitForAsync();
        Assert.Contains(await page.Context.CookiesAsync(), cookie => cookie is { Name: "gameops.session", HttpOnly: true });
        await page.ScreenshotBothWidthsAsync("overview-empty");

        // Add a host: the page shows the install command once.
        await page.ClickAsync("a[href='/hosts']");
        await page.WaitForURLAsync("**/hosts");
        await page.Locator("[data-testid=hosts-empty]").WaitForAsync();
        await page.Locator("input[data-testid=new-host-name]").FillAsync("Rack 1");
        await page.ClickAsync("[data-testid=add-host]");
        var command = (await page.Locator("[data-testid=install-command]").InnerTextAsync()).Trim();
        var hostId = await page.Locator("[data-testid=hosts] td[data-host-id]").GetAttributeAsync("data-host-id");
        Assert.StartsWith("sudo deploy/install-agent.sh --control-plane-url ", command, StringComparison.Ordinal);
        Assert.Contains(" --token goe_", command, StringComparison.Ordinal);
        Assert.NotNull(hostId);
        await page.ScreenshotBothWidthsAsync("hosts-added");

        // The overview, reached without a reload, shows the host waiting for its agent.
        await page.ClickAsync("a[href='/']");
        await page.Locator($"[data-testid=overview-hosts] [data-status={HostStatus.Pending}]").WaitForAsync();
        await page.EvaluateAsync("() => window.gameopsNotReloaded = true");

        var configPath = folder.Combine("agent", "agent.json");
        var (exitCode, output) = await AgentProcess.EnrolAsync(folder.Path, command, configPath);
        Assert.True(exitCode == 0, output);
        await using var agent = AgentProcess.StartWithConfig(folder.Path, configPath);

        await page.Locator($"[data-testid=overview-hosts] [data-status={HostStatus.Online}]").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.gameopsNotReloaded === true"), "The overview was reloaded to show the change.");
        await page.ScreenshotBothWidthsAsync("overview");
        await page.ClickAsync("a[href='/hosts']");
        await page.Locator($"[data-testid=hosts] [data-status={HostStatus.Online}]").WaitForAsync();
        await page.ScreenshotBothWidthsAsync("hosts");

        // A Viewer joins by invite and signs in in their own browser profile.
        using var admin = await GameOpsApi.ForAsync(silo, folder.Path);
        var invite = await admin.Client.PostAsJsonAsync("/api/v1/orgs/default/invites", new { role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var token = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var anonymous = silo.CreateClient();
        var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = ViewerName, password = ViewerPassword });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        // On a phone.
        var viewerPage = await browser.NewPageAsync(silo.BaseAddress, ConsolePages.Narrow);
        await viewerPage.GotoAsync("/hosts");
        await viewerPage.WaitForURLAsync("**/signin?returnUrl=%2Fhosts");
        await viewerPage.FillAsync("#userName", ViewerName);
        await viewerPage.FillAsync("#password", ViewerPassword);
        await viewerPage.ClickAsync("button[type=submit]");
        await viewerPage.WaitForURLAsync("**/hosts");
        await viewerPage.WaitForInteractiveAsync();
        await viewerPage.Locator($"[data-testid=hosts] [data-status={HostStatus.Online}]").WaitForAsync();
        Assert.Equal(1, await viewerPage.Locator(".mud-drawer.mud-drawer--closed").CountAsync());
        await viewerPage.ScreenshotBothWidthsAsync("hosts-viewer");

        Assert.Equal(0, await viewerPage.Locator("[data-testid=add-host]").CountAsync());
        Assert.Equal(0, await viewerPage.Locator("[data-testid=revoke-host]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=revoke-host]").CountAsync());

        // The API refuses the Viewer the change the page does not offer.
        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = ViewerName, password = ViewerPassword });
        var accessToken = (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var viewerApi = silo.CreateClient(accessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsync($"/api/v1/hosts/{hostId}/credential/revoke", content: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsJsonAsync("/api/v1/hosts", new { name = "Not mine to add" })).StatusCode);
    }
}
