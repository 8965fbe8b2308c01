using Bunit;
using GameOps.Grains.Events;
using GameOps.Grains.Hosts;
using GameOps.Web.Hosts;
using GameOps.Web.Shell;
using GameOps.Web.Tests.Shell;
using MudBlazor;

namespace GameOps.Web.Tests.Hosts;

public sealed class HostsPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Viewer_sees_the_hosts_but_no_add_form_and_no_revoke_button()
    {
        var console = new FakeOrgConsole { Abilities = new OrgAbilities(HostsRead: true, HostsManage: false, JobsRead: true, AlertsRead: true, EventsRead: true) };
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Online));
        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<HostsPage>();

        page.WaitForElement("[data-testid=hosts]");
        Assert.Empty(page.FindAll("[data-testid=add-host]"));
        Assert.Empty(page.FindAll("[data-testid=revoke-host]"));
    }

    [Fact]
    public async Task Adding_a_host_shows_its_install_command_and_when_its_token_expires()
    {
        var console = new FakeOrgConsole();
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForElement("[data-testid=hosts-empty]");

        page.Find("input[data-testid=new-host-name]").Input("Rack 1");
        await page.Find("form").SubmitAsync();

        Assert.Equal("sudo deploy/install-agent.sh --control-plane-url http://gateway:5081 --token goe_host1.secret", page.Find("[data-testid=install-command]").TextContent);
        Assert.Equal("2026-12-03 16:00:00 UTC", page.Find("[data-testid=enrolment-expiry]").TextContent);
    }

    [Fact]
    public async Task A_refused_host_name_is_shown_at_the_field_and_adds_nothing()
    {
        var console = new FakeOrgConsole();
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForElement("[data-testid=hosts-empty]");

        page.Find("input[data-testid=new-host-name]").Input(new string('x', 101));
        await page.Find("form").SubmitAsync();

        Assert.Contains("at most 100 characters", page.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=install-command]"));
    }

    [Theory]
    [InlineData("Revoke", new[] { "h1" })]
    [InlineData("Cancel", new string[0])]
    public async Task Revoke_asks_first_and_revokes_only_once_confirmed(string answer, string[] revoked)
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Online));
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<HostsPage>();

        // The click's handler waits for the dialog's answer, so the click is awaited only once it is answered.
        var clicked = page.WaitForElement("[data-testid=revoke-host]").ClickAsync();
        dialogs.WaitForElement(".mud-dialog");
        Assert.Empty(console.Revoked);
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == answer).ClickAsync();
        await clicked;

        Assert.Equal(revoked, console.Revoked);
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public async Task A_status_event_changes_the_row_without_reading_the_hosts_again()
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Pending));
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForElement($"[data-status={HostStatus.Pending}]");

        await console.SendAsync(new HostStatusChanged(FakeOrgConsole.OrgId, At, null, null, "h1", "Rack 1", HostStatus.Online, HostStatus.Pending, null));

        page.WaitForElement($"[data-status={HostStatus.Online}]");
        Assert.Equal(1, console.HostReads);
    }

    [Fact]
    public async Task Dropped_events_make_the_page_read_the_hosts_again()
    {
        var console = new FakeOrgConsole();
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForElement("[data-testid=hosts-empty]");
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Online));

        await console.SendAsync(null);

        page.WaitForElement($"[data-status={HostStatus.Online}]");
        Assert.Equal(2, console.HostReads);
    }

    [Fact]
    public async Task The_page_subscribes_once_after_its_first_render_and_unsubscribes_when_it_goes()
    {
        var console = new FakeOrgConsole();
        var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForElement("[data-testid=hosts-empty]");
        page.Render();

        await context.DisposeAsync();

        Assert.Equal(1, console.Watches);
        Assert.Equal(1, console.WatchesEnded);
    }

    private static HostRow Host(string id, string name, HostStatus status) => new(id, name, status, null, At, []);
}
