using Bunit;
using GameOps.Grains.Events;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Web.Hosts;
using GameOps.Web.Overview;
using GameOps.Web.Shell;
using GameOps.Web.Tests.Shell;

namespace GameOps.Web.Tests.Overview;

public sealed class OverviewPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_empty_org_shows_an_empty_state_for_hosts_alerts_and_jobs()
    {
        await using var context = await ConsoleTestContext.CreateAsync(new FakeOrgConsole());

        var page = context.Render<OverviewPage>();

        page.WaitForElement("[data-testid=hosts-empty]");
        Assert.NotNull(page.Find("[data-testid=alerts-empty]"));
        Assert.NotNull(page.Find("[data-testid=jobs-empty]"));
    }

    [Fact]
    public async Task A_large_org_renders_one_page_of_hosts_with_the_counts_by_status_and_ten_firing_alerts()
    {
        var console = new FakeOrgConsole();
        for (var i = 0; i < 1000; i++)
        {
            console.Hosts.Add(new HostRow($"h{i}", $"Host {i}", i < 990 ? HostStatus.Online : HostStatus.Offline, null, At, [new ServerRow("main", "Main", ServerHealth.Up, null)]));
        }

        for (var i = 0; i < 12; i++)
        {
            console.Alerts.Add(new AlertRow($"r:h{i}", "Host offline", Grains.Alerts.AlertKind.HostOffline, $"h{i}", $"h{i}", null, At));
        }

        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<OverviewPage>();

        page.WaitForElement("[data-testid=overview-hosts]");
        Assert.Equal(25, page.FindAll("[data-testid=overview-hosts] [data-host-id]").Count);
        Assert.Equal("1,000 hosts: 990 online, 10 offline", page.Find("[data-testid=hosts-count]").TextContent);
        Assert.NotEmpty(page.FindAll(".mud-table-pagination"));
        Assert.Equal(10, page.FindAll("[data-testid=firing-alert]").Count);
        Assert.StartsWith("More are firing", page.Find("[data-testid=alerts-more]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("/alerts", page.Find("[data-testid=alerts-more] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_refused_read_shows_why_instead_of_the_lists()
    {
        var console = new FakeOrgConsole { ReadFailure = new ConsoleRefusedException("You are not a member of org 'default'.") };
        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<OverviewPage>();

        Assert.Equal("You are not a member of org 'default'.", page.WaitForElement("[data-testid=page-error]").TextContent.Trim());
    }

    [Fact]
    public async Task A_server_that_goes_down_during_the_first_read_shows_down()
    {
        var console = new FakeOrgConsole();
        console.Hosts.Add(new HostRow("h1", "Rack 1", HostStatus.Online, null, At, [new ServerRow("main", "Main", ServerHealth.Up, null)]));
        console.DuringHostsRead = () => console.SendAsync(
            new GameServerHealthChanged(FakeOrgConsole.OrgId, At, null, null, "h1", "main", "Main", ServerHealth.Down, ServerHealth.Up, "no answer"));
        await using var context = await ConsoleTestContext.CreateAsync(console);

        var page = context.Render<OverviewPage>();

        page.WaitForElement($"[data-health={ServerHealth.Down}]");
    }
}
