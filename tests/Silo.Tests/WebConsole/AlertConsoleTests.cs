using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Alerts;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;
using GameOps.Web.Alerts;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>The alerts page's side in the silo: its lists page as <c>GET /api/v1/alerts</c> pages them, through the same query.</summary>
public sealed class AlertConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly DateTimeOffset Long = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Current_and_resolved_alerts_page_in_the_order_and_pages_of_the_api()
    {
        var rule = await Alerts.AddRuleAsync(new AddAlertRule("Paged", AlertKind.ServerDown, null, TimeSpan.Zero, new Actor(ActorKind.Api, "test")));
        for (var i = 0; i < 5; i++)
        {
            await Alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, $"h{i}", $"h{i}/main", Holds: true, Long, "down"));
        }

        for (var i = 5; i < 8; i++)
        {
            await Alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, $"h{i}", $"h{i}/main", Holds: true, Long, "down"));
            await Alerts.ObserveAsync(new AlertObservation(AlertKind.ServerDown, $"h{i}", $"h{i}/main", Holds: false, Long.AddMinutes(1), null));
        }

        var user = await factory.MemberAsync(OrgRole.Viewer);
        using var admin = factory.CreateAdminClient();
        var current = await ReadAllAsync(user, AlertList.Current);
        var resolved = await ReadAllAsync(user, AlertList.Resolved);

        Assert.Equal(await admin.ApiPageIdsAsync("/api/v1/alerts?status=Firing", "alerts"), current.Select(p => p.Select(a => a.Id)).ToArray());
        Assert.Equal(await admin.ApiPageIdsAsync("/api/v1/alerts?status=Resolved", "alerts"), resolved.Select(p => p.Select(a => a.Id)).ToArray());
        Assert.Equal([2, 2, 1], current.Select(p => p.Count));
        Assert.All(current.SelectMany(p => p), a => Assert.Equal((rule.Id, AlertStatus.Firing), (a.RuleId, a.Status)));
        Assert.Equal(3, resolved.Sum(p => p.Count));
    }

    [Fact]
    public async Task A_cursor_the_console_did_not_give_out_and_a_user_outside_the_org_are_refused()
    {
        using var scope = factory.Services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<IAlertConsole>();
        var outsider = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(GameOpsClaims.UserId, "nobody"), new Claim(ClaimTypes.NameIdentifier, "user:nobody")], "test"));

        var viewer = await factory.MemberAsync(OrgRole.Viewer);

        await Assert.ThrowsAsync<ConsoleInputException>(() => console.ListAlertsAsync(viewer, OrgIds.Default, AlertList.Current, "not-a-cursor", 2));
        await Assert.ThrowsAsync<ConsoleRefusedException>(() => console.ListAlertsAsync(outsider, OrgIds.Default, AlertList.Current, null, 2));
    }

    private IAlertGrain Alerts => factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertGrain>(OrgIds.Default);

    private async Task<List<IReadOnlyList<AlertView>>> ReadAllAsync(ClaimsPrincipal user, AlertList list)
    {
        using var scope = factory.Services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<IAlertConsole>();
        var pages = new List<IReadOnlyList<AlertView>>();
        string? cursor = null;
        do
        {
            var page = await console.ListAlertsAsync(user, OrgIds.Default, list, cursor, 2);
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return pages;
    }
}
