using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;

namespace GameOps.Grains.Tests;

/// <summary>Two agent streams for one host, as when two agents run with the host's credential.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostConflictTests(ClusterFixture fixture)
{
    private const string OtherPeer = "ipv4:198.51.100.20:50000";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly AgentChannelOptions Options = new();
    private static readonly AgentHello First = new("test", [], "first-agent");
    private static readonly AgentHello Second = new("test", [], "second-agent");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Second_stream_of_a_heartbeating_host_is_refused_and_the_host_shows_the_conflict()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = new RecordingAgent();
        var firstId = Guid.NewGuid();
        await host.ConnectAsync(firstId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(first), First);

        var refused = await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second));

        Assert.Contains(host.GetPrimaryKeyString(), refused.Message, StringComparison.Ordinal);
        var view = (await host.GetAsync())!;
        Assert.Equal(HostStatus.Online, view.Status);
        Assert.Equal((OtherPeer, TestData.Peer, 1), (view.Conflict!.RefusedPeer, view.Conflict.ConnectedPeer, view.Conflict.Refusals));
        Assert.True(await host.HeartbeatAsync(firstId, new HostMetrics(1, 1, 1, 1, 1)));
        Assert.False(first.Closed.IsCompleted);
    }

    [Fact]
    public async Task Stream_silent_for_a_heartbeat_interval_is_replaced_and_its_agent_refused_when_it_returns()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = new RecordingAgent();
        var firstId = Guid.NewGuid();
        await host.ConnectAsync(firstId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(first), First);
        await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second));

        fixture.Clock.Advance(Options.HeartbeatInterval + TimeSpan.FromSeconds(1));
        var secondId = Guid.NewGuid();
        await host.ConnectAsync(secondId, OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second);
        await first.Closed.WaitAsync(Patience);

        Assert.False(await host.HeartbeatAsync(firstId, new HostMetrics(1, 1, 1, 1, 1)));
        Assert.True(await host.HeartbeatAsync(secondId, new HostMetrics(1, 1, 1, 1, 1)));

        // The first agent was only frozen: it comes back on a new stream and is refused in turn.
        await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), First));
        var view = (await host.GetAsync())!;
        Assert.Equal(HostStatus.Online, view.Status);
        Assert.Equal((TestData.Peer, OtherPeer, 2), (view.Conflict!.RefusedPeer, view.Conflict.ConnectedPeer, view.Conflict.Refusals));
    }

    [Fact]
    public async Task Stream_the_host_has_not_heard_from_for_an_interval_keeps_the_host_until_it_passes_on_every_heartbeat()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = new RecordingAgent();
        var firstId = Guid.NewGuid();
        await host.ConnectAsync(firstId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(first), First);

        // The gateway passes on only some heartbeats: a live stream may have sent several the host did not hear of.
        fixture.Clock.Advance(Options.HeartbeatInterval + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second));
        var asked = await first.EveryHeartbeatRequests.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        // Asked, the stream passes on each heartbeat: a live one keeps the host, a silent one loses it.
        fixture.Clock.Advance(Options.HeartbeatInterval);
        Assert.True(await host.HeartbeatAsync(firstId, new HostMetrics(1, 1, 1, 1, 1)));
        fixture.Clock.Advance(Options.HeartbeatInterval - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second));
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var secondId = Guid.NewGuid();
        await host.ConnectAsync(secondId, OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second);
        await first.Closed.WaitAsync(Patience);

        Assert.Equal(Options.ConflictClearAfter, asked);
        Assert.True(await host.HeartbeatAsync(secondId, new HostMetrics(1, 1, 1, 1, 1)));
    }

    [Fact]
    public async Task New_stream_of_the_same_agent_replaces_its_live_stream_at_once_without_a_conflict()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var old = new RecordingAgent();
        var oldId = Guid.NewGuid();
        await host.ConnectAsync(oldId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(old), First);

        // The agent gave its stream up and dialled again before the gateway saw the old stream end.
        var newId = Guid.NewGuid();
        await host.ConnectAsync(newId, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), First);
        await old.Closed.WaitAsync(Patience);

        Assert.False(await host.HeartbeatAsync(oldId, new HostMetrics(1, 1, 1, 1, 1)));
        Assert.True(await host.HeartbeatAsync(newId, new HostMetrics(1, 1, 1, 1, 1)));
        Assert.Null((await host.GetAsync())!.Conflict);
    }

    [Fact]
    public async Task Conflict_clears_once_no_stream_has_been_refused_for_the_clearing_time()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), First);
        await Assert.ThrowsAsync<HostAlreadyConnectedException>(() =>
            host.ConnectAsync(Guid.NewGuid(), OtherPeer, Grains.CreateObjectReference<IAgentObserver>(new RecordingAgent()), Second));
        Assert.NotNull((await host.GetAsync())!.Conflict);

        fixture.Clock.Advance(Options.ConflictClearAfter);

        Assert.Null((await host.GetAsync())!.Conflict);
    }
}
