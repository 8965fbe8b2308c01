using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Grains.Schedules;
using GameOps.Silo.Hosts;
using GameOps.Silo.Schedules;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;
using GameOps.Web.Schedules;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>The schedules page's list in the silo: it pages as <c>GET /api/v1/schedules</c> pages it, through the same query.</summary>
public sealed class ScheduleConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    [Fact]
    public async Task Schedules_page_in_the_order_and_pages_of_the_api()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await HostWithServerAsync(admin);
        for (var i = 0; i < 5; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/schedules", Body(hostId, $"Notice {i}"), Json)).EnsureSuccessStatusCode();
        }

        var viewer = await factory.MemberAsync(OrgRole.Viewer);
        using var scope = factory.Services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<IScheduleConsole>();
        var pages = new List<string[]>();
        string? cursor = null;
        do
        {
            var page = await console.ListAsync(viewer, OrgIds.Default, cursor, 2);
            pages.Add([.. page.Items.Select(s => s.Id.ToString())]);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(await admin.ApiPageIdsAsync("/api/v1/schedules", "schedules"), pages);
        Assert.True(pages.Count >= 3, "the list spans pages");
        await Assert.ThrowsAsync<ConsoleInputException>(() => console.ListAsync(viewer, OrgIds.Default, "not-a-cursor", 2));
    }

    private static ScheduleRequest Body(string hostId, string name) => new(
        name, "30 2 * * *", "UTC", null,
        [new ScheduleTargetRequest(hostId, "main")],
        [new ScheduleStepRequest(ScheduleStepKind.Action, GameActions.ChatSay, new() { ["message"] = "Hello" }, null, null, null, null, null, null, null)],
        null, null, null, null);

    /// <summary>A host of the default org whose agent declared the game server "main" (its stream goes nowhere).</summary>
    private async Task<string> HostWithServerAsync(HttpClient admin)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        var hostId = (await response.Content.ReadFromJsonAsync<CreatedHost>(Json))!.Host.Id;
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var observer = grains.CreateObjectReference<IAgentObserver>(new SilentAgent());
        await grains.GetHostGrain(hostId).ConnectAsync(Guid.NewGuid(), "ipv4:192.0.2.10:40000", observer,
            new AgentHello("test", [new GameServerDescriptor("main", "Main", "7dtd-telnet", [GameActions.ChatSay])]));
        return hostId;
    }
}
