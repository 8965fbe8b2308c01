using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Orgs;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrgSummaryGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IGrainFactory Grains => fixture.Grains;

    private static string NewOrgId() => "org-summary-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task An_org_with_many_hosts_lists_them_all_in_one_call_in_the_order_they_were_created()
    {
        var orgId = NewOrgId();
        var hosts = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            hosts.Add((await TestData.RegisteredHostAsync(Grains, orgId)).GetPrimaryKeyString());
        }

        var listed = await Grains.GetGrain<IOrgSummaryGrain>(orgId).ListHostsAsync();

        Assert.Equal(hosts, listed.Select(h => h.Id));
        Assert.All(listed, h => Assert.Equal(HostStatus.Pending, h.Status));
    }

    [Fact]
    public async Task The_summary_follows_a_hosts_status_heartbeats_and_servers_health_from_the_stream()
    {
        var orgId = NewOrgId();
        var summary = Grains.GetGrain<IOrgSummaryGrain>(orgId);
        var host = await TestData.RegisteredHostAsync(Grains, orgId);
        var hostId = host.GetPrimaryKeyString();
        Assert.Equal(HostStatus.Pending, Assert.Single(await summary.ListHostsAsync()).Status);
        var connectionId = Guid.NewGuid();
        var server = new GameServerDescriptor("main", "Main world", "source-rcon", []);

        await host.ConnectAsync(connectionId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", [server]));
        await Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, "main"))
            .ReportHealthAsync(new HealthReport(ServerHealth.Down, "Connection refused", DateTimeOffset.UtcNow));

        var online = await Eventually.ReadAsync(
            summary.ListHostsAsync,
            list => list is [{ Status: HostStatus.Online, Servers: [{ Health: ServerHealth.Down }] }],
            Patience);
        Assert.NotNull(online[0].LastHeartbeatAt);
        Assert.Equal(("main", "Main world", "Connection refused"), (online[0].Servers[0].ServerId, online[0].Servers[0].Name, online[0].Servers[0].HealthDetail));

        await host.DisconnectAsync(connectionId, DisconnectReason.StreamEnded);
        var offline = await Eventually.ReadAsync(summary.ListHostsAsync, list => list is [{ Status: HostStatus.Offline }], Patience);
        Assert.Equal("The agent's stream ended.", offline[0].StatusReason);
    }
}
