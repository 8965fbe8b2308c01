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
        var clicked = page.ClickAsync("[data-testid=revoke-host]");
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

    [Fact]
    public async Task A_large_org_shows_a_page_of_hosts_under_the_counts_and_reads_the_agent_and_load_of_that_page_only()
    {
        var console = new FakeOrgConsole();
        for (var i = 0; i < 60; i++)
        {
            console.Hosts.Add(Host($"h{i}", $"Rack {i}", i < 50 ? HostStatus.Online : HostStatus.Offline));
            console.Loads[$"h{i}"] = new HostLoadRow($"1.{i}+4f2a9c1", new HostLoadPoint(At, (byte)i, 40, 70), [new HostLoadPoint(At.AddMinutes(-1), 90, 40, 70), new HostLoadPoint(At, (byte)i, 40, 70)], Read: true);
        }

        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<HostsPage>();

        page.WaitForAssertion(() => Assert.Equal("1.7", Row(page, "h7").QuerySelector("[data-testid=agent-version]")!.TextContent));
        Assert.Equal("1.7+4f2a9c1", Row(page, "h7").QuerySelector("[data-testid=agent-version]")!.GetAttribute("title"));
        Assert.Equal(25, page.FindAll("[data-testid=hosts] [data-host-id]").Count);
        Assert.Equal("60 hosts: 50 online, 10 offline", page.Find("[data-testid=hosts-count]").TextContent);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"h{i}"), Assert.Single(console.LoadReads));
        Assert.Equal("7 %", Row(page, "h7").QuerySelector("[data-testid=load-cpu]")!.TextContent);
        Assert.Equal("70 %", Row(page, "h7").QuerySelector("[data-testid=load-disk]")!.TextContent);
        Assert.Equal("2", Row(page, "h7").QuerySelector("[data-testid=host-load-chart]")!.GetAttribute("data-points"));
        Assert.Equal("Last hour, highest: CPU 90 %, memory 40 %, disk 70 %", Row(page, "h7").QuerySelector("[data-testid=host-load-chart]")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_next_page_reads_the_load_of_its_hosts()
    {
        var console = new FakeOrgConsole();
        for (var i = 0; i < 30; i++)
        {
            console.Hosts.Add(Host($"h{i}", $"Rack {i}", HostStatus.Online));
            console.Loads[$"h{i}"] = new HostLoadRow("1.0", null, [], Read: true);
        }

        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForAssertion(() => Assert.Single(console.LoadReads));

        await page.ClickAsync("button[aria-label='Next page']");

        page.WaitForAssertion(() => Assert.Equal(2, console.LoadReads.Count));
        Assert.Equal(Enumerable.Range(25, 5).Select(i => $"h{i}"), console.LoadReads[1]);
        Assert.Equal(5, page.FindAll("[data-testid=hosts] [data-host-id]").Count);
    }

    [Fact]
    public async Task A_heartbeat_event_moves_the_rows_load_and_chart_without_reading_again()
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Online));
        console.Loads["h1"] = new HostLoadRow("1.0", new HostLoadPoint(At, 10, 10, 10), [new HostLoadPoint(At, 10, 10, 10)], Read: true);
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForAssertion(() => Assert.Equal("10 %", page.Find("[data-testid=load-cpu]").TextContent));

        await console.SendAsync(new HostMetricsReported(FakeOrgConsole.OrgId, At.AddMinutes(1), null, null, "h1", new Grains.Agents.HostMetrics(64, 1, 2, 1, 4)));

        page.WaitForAssertion(() => Assert.Equal("64 %", page.Find("[data-testid=load-cpu]").TextContent));
        Assert.Equal("50 %", page.Find("[data-testid=load-memory]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=host-load-chart]").GetAttribute("data-points"));
        Assert.Single(console.LoadReads);
    }

    [Fact]
    public async Task An_agent_that_connects_with_a_new_version_shows_it_in_its_row_without_reading_the_host_again()
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Online));
        console.Loads["h1"] = new HostLoadRow("1.0+aaaa", null, [], Read: true);
        await using var context = await ConsoleTestContext.CreateAsync(console);
        var page = context.Render<HostsPage>();
        page.WaitForAssertion(() => Assert.Equal("1.0", page.Find("[data-testid=agent-version]").TextContent));

        // The host stays Online: a restarted agent replaced its stream before the old one was seen to end.
        await console.SendAsync(new HostAgentVersionChanged(FakeOrgConsole.OrgId, At, null, null, "h1", "1.1+bbbb", "1.0+aaaa"));

        page.WaitForAssertion(() => Assert.Equal("1.1", page.Find("[data-testid=agent-version]").TextContent));
        Assert.Equal("1.1+bbbb", page.Find("[data-testid=agent-version]").GetAttribute("title"));
        Assert.Single(console.LoadReads);
    }

    [Fact]
    public async Task A_host_without_an_agent_says_so_and_draws_an_empty_chart()
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(Host("h1", "Rack 1", HostStatus.Pending));
        console.Loads["h1"] = new HostLoadRow(null, null, [], Read: true);
        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<HostsPage>();

        page.WaitForAssertion(() => Assert.Single(console.LoadReads));
        page.WaitForElement("[data-testid=host-load-none]");
        Assert.Equal("—", page.Find("[data-testid=agent-version]").TextContent);
        Assert.Equal("No load heard in the last hour", page.Find("[data-testid=host-load-chart]").GetAttribute("aria-label"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<HostsPage> page, string hostId) =>
        page.Find($"[data-host-id={hostId}]").ParentElement!;

    private static HostRow Host(string id, string name, HostStatus status) => new(id, name, status, null, At, []);
}
