using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameOps.Grains.Jobs;
using GameOps.Grains.Hosts;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// The console as a new operator meets it, in Debian's Chromium against a silo process and a real agent process:
/// setup, sign-in, add a host, enrol its agent with the command the page shows, see it come online without a reload;
/// open its game server (a 7 Days to Die double), send chat.say and see the job's answer and the line it printed arrive
/// live; browse the jobs; make a schedule and see its next runs; then a Viewer, who is shown no way to change hosts or send commands and whom the API refuses
/// the same changes.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GettingStartedInTheConsoleTests
{
    private const string AdminName = "ada";
    private const string AdminPassword = "correct horse battery staple";
    private const string ViewerName = "vic";
    private const string ViewerPassword = "viewer's long passphrase";
    private const string ServerId = "navezgane";
    private const string TelnetPassword = "telnet-secret-console";
    private const string ChatMessage = "Restart in 5 minutes, save your loot";

    // The line the game logs for a server chat message (SevenDaysConsoleAnswers), not the console's echo of the command.
    private const string ChatLine = $"to 'Global'): {ChatMessage}";

    [Fact]
    public async Task Setup_sign_in_add_host_enrol_agent_host_turns_online_live_send_a_command_and_a_viewer_can_neither_see_nor_use_changes()
    {
        using var folder = new TempDirectory();
        await using var game = new SevenDaysTelnetTestServer(TelnetPassword, SevenDaysConsoleAnswers.Answer);
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
        await DeclareGameServerAsync(configPath, game.Port);
        await using var agent = AgentProcess.StartWithConfig(folder.Path, configPath);

        await page.Locator($"[data-testid=overview-hosts] [data-status={HostStatus.Online}]").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.gameopsNotReloaded === true"), "The overview was reloaded to show the change.");
        await page.ScreenshotBothWidthsAsync("overview");
        await page.ClickAsync("a[href='/hosts']");
        await page.Locator($"[data-testid=hosts] [data-status={HostStatus.Online}]").WaitForAsync();

        // The agent's version from its Hello, and its load from the first heartbeat its stream passed on to the host.
        await page.Locator("[data-testid=hosts] [data-testid=load-cpu]").WaitForAsync();
        Assert.Matches(@"^\d+\.\d+", await page.Locator("[data-testid=hosts] [data-testid=agent-version]").InnerTextAsync());
        Assert.Matches(@"^\d{1,3} %$", await page.Locator("[data-testid=hosts] [data-testid=load-cpu]").InnerTextAsync());
        Assert.NotEqual("0", await page.Locator("[data-testid=hosts] [data-testid=host-load-chart]").GetAttributeAsync("data-points"));
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
        // The menu folds away on a phone once the circuit has measured the window, a moment after it is interactive.
        await viewerPage.Locator(".mud-drawer.mud-drawer--closed").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        await viewerPage.ScreenshotBothWidthsAsync("hosts-viewer");

        Assert.Equal(0, await viewerPage.Locator("[data-testid=add-host]").CountAsync());
        Assert.Equal(0, await viewerPage.Locator("[data-testid=revoke-host]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=revoke-host]").CountAsync());

        // The game server's page, reached from its chip: a command sent from it, its answer and the line it printed, live.
        await page.Locator($"[data-testid=hosts] [data-server-id={ServerId}]").ClickAsync();
        await page.WaitForURLAsync($"**/hosts/{hostId}/servers/{ServerId}");
        await page.Locator("input[data-testid=argument-message]").FillAsync(ChatMessage);
        await page.ClickAsync("[data-testid=send-command]");
        await page.Locator($"[data-testid=sent-job][data-state={JobState.Succeeded}]").WaitForAsync();
        await page.Locator("[data-testid=console] [data-kind=Line]", new PageLocatorOptions { HasText = ChatLine }).WaitForAsync();
        Assert.Contains(game.Commands, command => command.StartsWith("say ", StringComparison.Ordinal) && command.Contains(ChatMessage, StringComparison.Ordinal));
        await page.ScreenshotBothWidthsAsync("server");

        // The jobs: the org's history, and the job just sent with its timeline.
        await page.ClickAsync("a[href='/jobs']");
        await page.Locator("[data-testid=jobs]").WaitForAsync();
        await page.ScreenshotBothWidthsAsync("jobs");
        var jobLink = page.Locator("[data-testid=job-link]", new PageLocatorOptions { HasText = "chat.say" }).First;
        var jobPath = await jobLink.GetAttributeAsync("href");
        await jobLink.ClickAsync();
        await page.WaitForURLAsync($"**{jobPath}");
        await page.Locator($"[data-testid=job-timeline] [data-step={JobState.Succeeded}]").WaitForAsync();
        Assert.Contains(ChatMessage, await page.Locator("[data-testid=job-arguments]").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotBothWidthsAsync("job");

        // A schedule for the server: its next runs show as it is typed, and it is saved.
        await page.ClickAsync("a[href='/schedules']");
        await page.ClickAsync("[data-testid=new-schedule]");
        await page.Locator("input[data-testid=schedule-name]").FillAsync("Nightly save");
        await page.Locator("input[data-testid=schedule-cron]").FillAsync("0 3 * * *");
        await page.GetByText("Navezgane on Rack 1").ClickAsync();
        var nextRuns = page.Locator("[data-testid=next-run]");
        await Assertions.Expect(nextRuns).ToHaveCountAsync(5, new() { Timeout = (float)ConsoleBrowser.Patience.TotalMilliseconds });
        Assert.All(await nextRuns.AllInnerTextsAsync(), run => Assert.Matches(@" 03:00 UTC\+00:00$", run));
        await page.ClickAsync("[data-testid=save-schedule]");
        await page.Locator("[data-testid=runs-empty]").WaitForAsync();

        // The Viewer sees the server's console but no command box.
        await viewerPage.GotoAsync($"/hosts/{hostId}/servers/{ServerId}");
        await viewerPage.WaitForInteractiveAsync();
        await viewerPage.Locator("[data-testid=no-commands]").WaitForAsync();
        await viewerPage.Locator("[data-testid=console] [data-kind=Line]", new PageLocatorOptions { HasText = ChatLine }).WaitForAsync();
        Assert.Equal(0, await viewerPage.Locator("[data-testid=command-box]").CountAsync());
        await viewerPage.ScreenshotBothWidthsAsync("server-viewer");

        // The API refuses the Viewer the change the page does not offer.
        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = ViewerName, password = ViewerPassword });
        var accessToken = (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var viewerApi = silo.CreateClient(accessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsync($"/api/v1/hosts/{hostId}/credential/revoke", content: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsJsonAsync("/api/v1/hosts", new { name = "Not mine to add" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsJsonAsync(
            $"/api/v1/hosts/{hostId}/jobs", new { serverId = ServerId, action = "chat.say", arguments = new { message = "not mine to say" } })).StatusCode);
    }

    // The enrolment leaves the config's game servers to the operator (docs/agent.md): this one is the 7 Days to Die double.
    private static async Task DeclareGameServerAsync(string configPath, int port)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!.AsObject();
        config["servers"] = new JsonArray(new JsonObject
        {
            ["id"] = ServerId,
            ["name"] = "Navezgane",
            ["kind"] = "7dtd-telnet",
            ["address"] = $"127.0.0.1:{port}",
            ["password"] = TelnetPassword,
        });
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
    }
}
