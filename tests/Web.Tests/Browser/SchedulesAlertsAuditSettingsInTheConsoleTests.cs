using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// An org's Admin in Debian's Chromium against a silo process and an agent process that declares one game server:
/// makes a schedule in the editor and sees its next runs in its zone, and the REST API lists it; adds an alert rule,
/// finds the changes in the audit log and downloads them as CSV, makes an API key; each page photographed.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SchedulesAlertsAuditSettingsInTheConsoleTests
{
    private const string OwnerName = "olga";
    private const string AdminName = "adi";
    private const string Password = "a long enough passphrase";
    private const string ScheduleName = "Nightly restart";

    [Fact]
    public async Task An_admin_makes_a_schedule_sees_its_next_runs_and_the_api_lists_it_then_adds_a_rule_finds_it_audited_and_makes_a_key()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        using var anonymous = silo.CreateClient();
        var setupToken = (await File.ReadAllTextAsync(folder.Combine("data", "setup-token"))).Trim();
        using var setup = await anonymous.PostAsJsonAsync("/api/v1/setup", new { setupToken, userName = OwnerName, password = Password, orgName = "Olga's servers" });
        Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());
        using var api = await GameOpsApi.ForAsync(silo, folder.Path);
        using var invite = await api.Client.PostAsJsonAsync("/api/v1/orgs/default/invites", new { role = "Admin" });
        var token = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName = AdminName, password = Password });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        // A host whose agent declares one game server, which a schedule can target.
        var host = await api.CreateEnrolledHostAsync("Rack 1");
        var agentFolder = Directory.CreateDirectory(folder.Combine("agent")).FullName;
        await using var agent = AgentProcess.Start(agentFolder, new
        {
            controlPlaneUrl = silo.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = Path.Combine(agentFolder, "journal.jsonl"),
            servers = new[] { new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{TestPorts.Free()}", password = "rcon" } },
        });
        await Eventually.ReadAsync(() => api.GetHostAsync(host.Host.Id), h => h.Servers.Any(s => s.Id == "main"), ConsoleBrowser.Patience * 2);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(silo.BaseAddress);
        await page.GotoAsync("/schedules/new");
        await page.WaitForURLAsync("**/signin?returnUrl=%2Fschedules%2Fnew");
        await page.FillAsync("#userName", AdminName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/schedules/new");
        await page.WaitForInteractiveAsync();

        // The editor: a name, a cron, a zone, the server; the next runs follow.
        await page.Locator("input[data-testid=schedule-name]").FillAsync(ScheduleName);
        await page.Locator("input[data-testid=schedule-cron]").FillAsync("30 4 * * *");
        var zone = page.Locator("input[data-testid=schedule-zone]");
        await zone.FillAsync("Europe/Berl");
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("Europe/Berlin", new() { Exact = true }).ClickAsync();
        await page.GetByText("Main server on Rack 1").ClickAsync();
        var nextRuns = page.Locator("[data-testid=next-run]");
        await Assertions.Expect(nextRuns).ToHaveCountAsync(5, new() { Timeout = (float)ConsoleBrowser.Patience.TotalMilliseconds });
        foreach (var run in await nextRuns.AllInnerTextsAsync())
        {
            // December in Berlin is winter time.
            Assert.Matches(@"^\w{3} \d{4}-\d{2}-\d{2} 04:30 UTC\+01:00$", run);
        }

        await page.ScreenshotBothWidthsAsync("schedule-new");
        await page.ClickAsync("[data-testid=save-schedule]");
        // The circuit moves to the saved schedule's page without loading a document.
        await page.Locator("[data-testid=runs-empty]").WaitForAsync();
        Assert.Matches("/schedules/[0-9a-f-]{36}$", page.Url);
        await page.ScreenshotBothWidthsAsync("schedule");

        var listed = await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/schedules");
        var schedule = Assert.Single(listed.GetProperty("schedules").EnumerateArray());
        Assert.Equal((ScheduleName, "30 4 * * *", "Europe/Berlin"), (schedule.GetProperty("name").GetString(), schedule.GetProperty("cron").GetString(), schedule.GetProperty("timeZone").GetString()));
        Assert.Equal(host.Host.Id, schedule.GetProperty("targets")[0].GetProperty("hostId").GetString());

        await page.ClickAsync("a[href='/schedules']");
        await page.Locator("[data-testid=schedules]").GetByText(ScheduleName).WaitForAsync();
        await page.ScreenshotBothWidthsAsync("schedules");

        // Alerts: a rule added here is the org's.
        await page.ClickAsync("a[href='/alerts']");
        await page.Locator("[data-testid=rules-empty]").WaitForAsync();
        await page.Locator("input[data-testid=rule-name]").FillAsync("Server down");
        await page.ClickAsync("[data-testid=add-rule]");
        await page.Locator("[data-testid=alert-rules]").GetByText("Server down", new() { Exact = true }).WaitForAsync();
        await page.ScreenshotBothWidthsAsync("alerts");

        // The audit log shows both changes, made through the console, and exports them.
        await page.ClickAsync("a[href='/audit']");
        await page.Locator("[data-testid=audit-entries] code").GetByText("schedule.save").WaitForAsync();
        await page.Locator("[data-testid=audit-entries] code").GetByText("alert-rule.add").WaitForAsync();
        await page.ScreenshotBothWidthsAsync("audit");
        // The export link, fetched with the browser's own session cookie (headless Chromium cancels downloads here).
        var link = await page.Locator("[data-testid=export-csv]").GetAttributeAsync("href");
        Assert.Equal("/api/v1/orgs/default/audit.csv", link);
        var export = await page.Context.APIRequest.GetAsync(link!);
        Assert.Equal(200, export.Status);
        var csv = await export.TextAsync();
        Assert.StartsWith("at,actorKind,actor,address,via,target,action,summary,changes\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",Web,", csv, StringComparison.Ordinal);
        Assert.Contains(",schedule.save,", csv, StringComparison.Ordinal);

        // Settings: members, and an API key shown once.
        await page.ClickAsync("a[href='/settings']");
        await page.Locator("[data-testid=members]").GetByText(AdminName).WaitForAsync();
        await page.ScreenshotBothWidthsAsync("settings");
        await page.Locator("input[data-testid=key-name]").FillAsync("ci");
        await page.ClickAsync("[data-testid=create-key]");
        var key = (await page.Locator("[data-testid=api-key]").InnerTextAsync()).Trim();
        Assert.StartsWith("gok_", key, StringComparison.Ordinal);
        using var keyed = silo.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/v1/schedules")).StatusCode);
    }
}
