using GameOps.Grains.Agents;
using GameOps.Grains.Alerts;
using GameOps.Grains.Hosts;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>What a host's status says when the activation that knew its agent is gone, as after a silo restart.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostStatusTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Host_stored_online_is_degraded_with_the_reason_until_its_agent_connects()
    {
        var host = await StoreOnlineHostAsync();

        var degraded = (await host.GetAsync())!;
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));
        var online = (await host.GetAsync())!;

        Assert.Equal(HostStatus.Degraded, degraded.Status);
        Assert.Equal(HostGrain.NotConnectedSinceRestartReason, degraded.StatusReason);
        Assert.Null(degraded.LastHeartbeatAt);
        Assert.False(AlertGrain.HostOfflineObservation(degraded).Holds);
        Assert.Equal(HostStatus.Online, online.Status);
        Assert.Null(online.StatusReason);
        Assert.NotNull(online.LastHeartbeatAt);
    }

    [Fact]
    public async Task Host_stored_online_whose_agent_does_not_come_back_is_offline_after_the_host_silence_limit()
    {
        var host = await StoreOnlineHostAsync();
        Assert.Equal(HostStatus.Degraded, (await host.GetAsync())!.Status);

        fixture.Clock.Advance(new AgentChannelOptions().HostSilenceLimit + TimeSpan.FromSeconds(1));
        var offline = await Eventually.ReadAsync(host.GetAsync, h => h!.Status == HostStatus.Offline, Patience);

        Assert.Contains("No heartbeat", offline!.StatusReason, StringComparison.Ordinal);
        Assert.Equal(HostStatus.Offline, (await fixture.ReadStoredStateAsync<HostState>(host, "host")).Status);
    }

    [Fact]
    public async Task Connected_host_the_gateway_stops_passing_heartbeats_to_is_offline_after_the_host_silence_limit()
    {
        // The stream's gateway silo went away: nothing ends the stream for the host, and no heartbeat comes.
        var host = await TestData.RegisteredHostAsync(Grains);
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("test", []));
        Assert.Equal(HostStatus.Online, (await host.GetAsync())!.Status);

        fixture.Clock.Advance(new AgentChannelOptions().HostSilenceLimit + TimeSpan.FromSeconds(1));
        var offline = await Eventually.ReadAsync(host.GetAsync, h => h!.Status == HostStatus.Offline, Patience);

        Assert.Equal("No heartbeat from the agent for 30 s.", offline!.StatusReason);
    }

    private async Task<IHostGrain> StoreOnlineHostAsync()
    {
        var host = Grains.GetHostGrain(TestData.NewHostId());
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await fixture.StoreStateAsync(host, "host", new HostState
        {
            OrgId = "org-test",
            Name = "Restarted",
            CredentialHash = TestData.NewHash(),
            Status = HostStatus.Online,
            CreatedAt = before,
            StatusChangedAt = before,
        });
        return host;
    }
}
