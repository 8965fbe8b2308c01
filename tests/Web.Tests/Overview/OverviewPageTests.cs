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
