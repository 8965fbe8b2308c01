using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;
using GameOps.Silo.Tests.Identity;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>The hosts page's read of its hosts' agent and load: the org's own hosts only, for members who may read hosts.</summary>
public sealed class HostLoadConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_viewer_reads_the_agent_and_load_of_the_orgs_hosts_and_nothing_of_another_orgs()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await CreateHostAsync(admin);
        using var otherOrg = OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, "org-b", OrgRole.Owner)).Key);
        var otherHostId = await CreateHostAsync(otherOrg);
        var connection = Guid.NewGuid();
        await Grains.GetHostGrain(hostId).ConnectAsync(connection, "ipv4:192.0.2.10:40000", Grains.CreateObjectReference<IAgentObserver>(new SilentAgent()), new AgentHello("1.4.2", []));
        await Grains.GetHostGrain(hostId).HeartbeatAsync(connection, new HostMetrics(33, 1, 2, 1, 4));
        await using var scope = factory.Services.CreateAsyncScope();

        var loads = await scope.ServiceProvider.GetRequiredService<IOrgConsole>().ReadHostLoadsAsync(await factory.MemberAsync(OrgRole.Viewer), OrgIds.Default, [hostId, otherHostId, "not-a-host"]);

        var load = Assert.Single(loads).Value;
        Assert.Equal("1.4.2", load.AgentVersion);
        Assert.Equal((33, 50, 25), (load.Latest!.Value.CpuPercent, load.Latest.Value.MemoryPercent, load.Latest.Value.DiskPercent));
        Assert.Equal(33, Assert.Single(load.LastHour).CpuPercent);
        Assert.True(load.Read);
    }

    [Fact]
    public async Task Someone_who_is_not_a_member_is_refused()
    {
        using var admin = factory.CreateAdminClient();
        var hostId = await CreateHostAsync(admin);
        var stranger = new ClaimsPrincipal(new ClaimsIdentity([new Claim(GameOpsClaims.UserId, $"u{Guid.NewGuid():N}")], "test"));
        await using var scope = factory.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<ConsoleRefusedException>(() =>
            scope.ServiceProvider.GetRequiredService<IOrgConsole>().ReadHostLoadsAsync(stranger, OrgIds.Default, [hostId]));
    }

    private static async Task<string> CreateHostAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
    }
}
