using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Tests.Api;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>The overview's side in the silo: its firing alerts are the first page <c>GET /api/v1/alerts</c> gives, through the same query.</summary>
public sealed class OverviewConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_overviews_firing_alerts_are_the_first_page_of_the_apis_firing_alerts()
    {
        var alerts = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertGrain>(OrgIds.Default);
        await alerts.AddRuleAsync(new AddAlertRule("Overview", AlertKind.ServerDown, null, TimeSpan.Zero, new Actor(ActorKind.Api, "test")));
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            await alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, $"h{i}", $"h{i}/main", Holds: true, at, "down"));
        }

        await alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, "h0", "h0/main", Holds: false, at.AddMinutes(1), null));
        var user = await factory.MemberAsync(OrgRole.Viewer);
        using var admin = factory.CreateAdminClient();
        using var scope = factory.Services.CreateScope();

        var firing = await scope.ServiceProvider.GetRequiredService<IOrgConsole>().ListFiringAlertsAsync(user, OrgIds.Default, 2);

        var apiPages = await admin.ApiPageIdsAsync("/api/v1/alerts?status=Firing", "alerts");
        Assert.Equal([2, 1], apiPages.Select(p => p.Length));
        Assert.Equal(apiPages[0], firing.Items.Select(a => a.Id));
        Assert.NotNull(firing.NextCursor);
    }
}
