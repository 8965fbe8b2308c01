using System.Net.Http.Json;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// The console with a keyboard only, in Debian's Chromium against a silo process: sign in, move through the menu and a
/// page's actions with Tab and Shift+Tab, each focused control showing where the focus is, and use them with Enter,
/// Space and Escape: add a host, open a confirmation and close it again, switch to dark mode.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KeyboardOnlyInTheConsoleTests
{
    private const string OwnerName = "kim";
    private const string Password = "a long enough passphrase";

    // The most Tab presses any control here is from the one before it: more means it cannot be reached.
    private const int MaxPresses = 40;

    [Fact]
    public async Task Menu_and_page_actions_are_reached_with_tab_show_their_focus_and_work_with_enter_space_and_escape()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        using var anonymous = silo.CreateClient();
        var setupToken = (await File.ReadAllTextAsync(folder.Combine("data", "setup-token"))).Trim();
        using var setup = await anonymous.PostAsJsonAsync("/api/v1/setup", new { setupToken, userName = OwnerName, password = Password, orgName = "Kim's servers" });
        Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());
        using var api = await GameOpsApi.ForAsync(silo, folder.Path);
        var rack = await api.CreateHostAsync("Rack 1");

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(silo.BaseAddress);
        var keyboard = new KeyboardUser(page, MaxPresses);

        // The sign-in form: typed into and sent with Enter.
        await page.GotoAsync("/jobs");
        await page.WaitForURLAsync("**/signin?returnUrl=%2Fjobs");
        await keyboard.TabToAsync("#userName");
        await page.Keyboard.TypeAsync(OwnerName);
        await keyboard.TabToAsync("#password");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/jobs");
        await page.WaitForInteractiveAsync();

        // The menu, from the page: back with Shift+Tab, then Enter on a link.
        await keyboard.TabToAsync("a[href='/hosts']", backwards: true);
        await keyboard.AssertFocusShownAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/hosts");
        await page.Locator($"[data-testid=hosts] td[data-host-id='{rack.Host.Id}']").WaitForAsync();

        // Add a host: its name typed, the form's button pressed with Space.
        await keyboard.TabToAsync("input[data-testid=new-host-name]");
        await keyboard.AssertFocusShownAsync();
        await page.Keyboard.TypeAsync("Rack 2");
        await keyboard.TabToAsync("[data-testid=add-host]");
        await keyboard.AssertFocusShownAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Locator("[data-testid=install-command]").WaitForAsync();
        await keyboard.TabToAsync("[data-testid=copy-command]");
        await keyboard.AssertFocusShownAsync();

        // A confirmation opened with Enter takes the focus and keeps it while open; Escape closes it, changing nothing,
        // and gives the focus back to the button that opened it.
        var revoke = $"[data-testid=hosts] tr:has(td[data-host-id='{rack.Host.Id}']) [data-testid=revoke-host]";
        await keyboard.TabToAsync(revoke);
        await keyboard.AssertFocusShownAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        // MudBlazor's focus trap wraps the focus round from its edge elements in a handler on the circuit, so the focus is
        // inside the dialog once it has come to rest on one of the dialog's own controls; a keyboard user's next Tab comes
        // after that, and so does the test's.
        const string FocusOnADialogControl = "() => document.activeElement?.closest('.mud-dialog .mud-focus-trap-child-container') != null";
        await page.WaitForFunctionAsync(FocusOnADialogControl);
        for (var press = 0; press < 6; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            try
            {
                await page.WaitForFunctionAsync(FocusOnADialogControl, null, new PageWaitForFunctionOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                Assert.Fail($"Tab left the open dialog for {await keyboard.DescribeFocusAsync()}.");
            }
        }

        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.WaitForFunctionAsync("selector => document.activeElement?.matches(selector) === true", revoke);
        Assert.Equal(2, await page.Locator("[data-testid=hosts] td[data-host-id]").CountAsync());
        Assert.DoesNotContain(await api.AuditActionsAsync($"host/{rack.Host.Id}"), action => action.Contains("revoke", StringComparison.Ordinal));

        // Dark mode, from the app bar's icon button, named for what it does.
        await keyboard.TabToAsync("[data-testid=dark-mode]", backwards: true);
        await keyboard.AssertFocusShownAsync();
        Assert.Equal("Dark mode", await page.Locator("[data-testid=dark-mode]").GetAttributeAsync("aria-label"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=dark-mode][aria-label='Light mode']").WaitForAsync();
    }

    /// <summary>Moves the focus as a keyboard user does, and says where it went when it misses.</summary>
    private sealed class KeyboardUser(IPage page, int maxPresses)
    {
        private const string Describe = """
            () => {
              const e = document.activeElement;
              if (!e || e === document.body) return 'the page';
              const name = e.getAttribute('aria-label') || e.getAttribute('data-testid') || e.id || (e.textContent || '').trim().slice(0, 30);
              return `<${e.tagName.toLowerCase()}${e.getAttribute('role') ? ` role=${e.getAttribute('role')}` : ''}> '${name}'`;
            }
            """;

        public Task<string> DescribeFocusAsync() => page.EvaluateAsync<string>(Describe);

        /// <summary>Presses Tab (or Shift+Tab) until the focused element matches <paramref name="selector"/>.</summary>
        public async Task TabToAsync(string selector, bool backwards = false)
        {
            var visited = new List<string>();
            for (var press = 0; press < maxPresses; press++)
            {
                await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
                if (await page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) === true", selector))
                {
                    return;
                }

                visited.Add(await DescribeFocusAsync());
            }

            Assert.Fail($"{(backwards ? "Shift+Tab" : "Tab")} did not reach {selector} in {maxPresses} presses; it went through: {string.Join(", ", visited)}");
        }

        /// <summary>
        /// The focused element is drawn with an outline or a ring; a MudBlazor field, whose input has neither, with its
        /// border thickened.
        /// </summary>
        public async Task AssertFocusShownAsync()
        {
            var shown = await page.EvaluateAsync<bool>("""
                () => {
                  const e = document.activeElement;
                  if (!e || !e.matches(':focus-visible')) return false;
                  const border = e.closest('.mud-input')?.querySelector('.mud-input-outlined-border');
                  if (border) return parseFloat(getComputedStyle(border).borderTopWidth) >= 2;
                  const s = getComputedStyle(e);
                  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
                }
                """);
            Assert.True(shown, $"{await DescribeFocusAsync()} has the focus but shows no outline or ring.");
        }
    }
}
