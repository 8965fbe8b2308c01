using GameOps.Grains.Agents;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>
/// A silo's watch of a server's console goes through the host grain to the agent's stream, whose silo publishes the
/// lines it stores; a stream that connects later is told the watches still running.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostConsoleWatchTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_watch_reaches_the_connected_stream_and_a_later_stream_of_the_host_is_told_it_on_connect()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(first), new AgentHello("test", [], InstanceId: "agent-1"));

        await host.WatchConsoleAsync("main", TimeSpan.FromSeconds(60));
        var told = await first.ConsoleWatches.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var second = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(second), new AgentHello("test", [], InstanceId: "agent-1"));
        var toldAgain = await second.ConsoleWatches.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(("main", TimeSpan.FromSeconds(60)), told);
        Assert.Equal("main", toldAgain.ServerId);
        Assert.InRange(toldAgain.Lease, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }
}
