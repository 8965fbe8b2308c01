using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// An Owner in Debian's Chromium makes an invite on the settings page and passes its link on; the invitee opens it in a
/// browser of their own, makes an account and lands in the org's console signed in. The link works once, and a link
/// whose token is wrong or missing says so.
/// </summary>
[Trait("Category", "Slow")]
public sealed class InvitingAMemberInTheConsoleTests
{
    private const string OwnerName = "olga";
    private const string InviteeName = "ivan";
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task An_owner_invites_through_a_link_the_invitee_makes_an_account_and_joins_and_the_link_works_once()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        using var anonymous = silo.CreateClient();
        var setupToken = (await File.ReadAllTextAsync(folder.Combine("data", "setup-token"))).Trim();
        using var setup = await anonymous.PostAsJsonAsync("/api/v1/setup", new { setupToken, userName = OwnerName, password = Password, orgName = "Olga's servers" });
        Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var owner = await browser.NewPageAsync(silo.BaseAddress);
        await owner.GotoAsync("/settings");
        await owner.FillAsync("#userName", OwnerName);
        await owner.FillAsync("#password", Password);
        await owner.ClickAsync("button[type=submit]");
        await owner.WaitForURLAsync("**/settings");
        await owner.WaitForInteractiveAsync();
        await owner.Locator("[data-testid=invites-empty]").WaitForAsync();

        // A Viewer's invite (the role preselected): the link is shown once, with its expiry, and the token sits after the '#'.
        await owner.ClickAsync("[data-testid=create-invite]");
        var link = (await owner.Locator("[data-testid=invite-link]").InnerTextAsync()).Trim();
        Assert.Matches($"^{silo.BaseAddress}invite#goi_[0-9a-f]{{32}}[A-Za-z0-9_-]{{43}}$", link);
        Assert.Contains("expires", await owner.Locator("[data-testid=new-invite]").InnerTextAsync(), StringComparison.Ordinal);
        await owner.ScreenshotBothWidthsAsync("settings-invite");
        await owner.ReloadAsync();
        await owner.WaitForInteractiveAsync();
        await owner.Locator("[data-testid=revoke-invite]").WaitForAsync();
        Assert.Equal(0, await owner.Locator("[data-testid=invite-link]").CountAsync());

        // The invitee, in a browser of their own, makes an account from the link and lands in the org, signed in.
        var invitee = await browser.NewPageAsync(silo.BaseAddress);
        await invitee.GotoAsync(link);
        await invitee.Locator("#userName").FocusAsync();
        await invitee.ScreenshotBothWidthsAsync("invite");
        await invitee.FillAsync("#userName", InviteeName);
        await invitee.FillAsync("#password", Password);
        // Keyboard only: Tab from the password reaches the first button, Enter presses it.
        await invitee.Keyboard.PressAsync("Tab");
        Assert.Equal("join-new", await invitee.EvaluateAsync<string>("document.activeElement.dataset.testid"));
        await invitee.Keyboard.PressAsync("Enter");
        await invitee.WaitForURLAsync(silo.BaseAddress.ToString());
        await invitee.WaitForInteractiveAsync();
        await invitee.Locator("[data-testid=org-name]").GetByText("Olga's servers").WaitForAsync();

        var members = await owner.Context.APIRequest.GetAsync("/api/v1/orgs/default/members");
        var listed = JsonDocument.Parse(await members.TextAsync()).RootElement.GetProperty("members").EnumerateArray();
        Assert.Contains(listed, m => m.GetProperty("role").GetString() == "Viewer");

        // The same link a second time, from anyone: used, and nothing is made.
        var latecomer = await JoinAsNewAccountAsync(browser, silo.BaseAddress, link);
        await Assertions.Expect(latecomer.Locator("[data-testid=invite-error]")).ToContainTextAsync("already used");
        await latecomer.ScreenshotBothWidthsAsync("invite-used");

        // A token cut short, and a link without one, each opened afresh.
        var cutShort = await JoinAsNewAccountAsync(browser, silo.BaseAddress, link[..^5]);
        await Assertions.Expect(cutShort.Locator("[data-testid=invite-error]")).ToContainTextAsync("not valid");
        var noToken = await JoinAsNewAccountAsync(browser, silo.BaseAddress, "/invite");
        await Assertions.Expect(noToken.Locator("[data-testid=invite-error]")).ToContainTextAsync("no invite in it");
    }

    /// <summary>Opens <paramref name="link"/> in a browser profile of its own and asks for a new account with it.</summary>
    private static async Task<IPage> JoinAsNewAccountAsync(ConsoleBrowser browser, Uri baseAddress, string link)
    {
        var page = await browser.NewPageAsync(baseAddress);
        await page.GotoAsync(link);
        await page.FillAsync("#userName", "latecomer");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("[data-testid=join-new]");
        return page;
    }
}
