using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;

namespace GameOps.Grains.Tests;

/// <summary>What the host grain answers of its agent and its load, from the heartbeats the gateway passes on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostLoadTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Heartbeats_show_as_the_latest_load_and_as_points_of_the_last_hour()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var connection = Guid.NewGuid();
        await host.ConnectAsync(connection, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("1.4.2", []));

        Assert.True(await host.HeartbeatAsync(connection, new HostMetrics(80, 1, 4, 90, 100)));
        Assert.True(await host.HeartbeatAsync(connection, new HostMetrics(12.4, 2, 4, 91, 100)));
        var load = (await host.GetLoadAsync())!;

        Assert.Equal("org-test", load.OrgId);
        Assert.Equal("1.4.2", load.AgentVersion);
        Assert.Equal((12, 50, 91), (load.Latest!.Value.CpuPercent, load.Latest.Value.MemoryPercent, load.Latest.Value.DiskPercent));

        // Both heartbeats fall in one minute or, on a minute's edge, in two.
        Assert.InRange(load.LastHour.Length, 1, 2);
        Assert.Equal(80, load.LastHour.Max(p => p.CpuPercent));
        Assert.Equal(91, load.LastHour[^1].DiskPercent);
    }

    [Fact]
    public async Task A_disconnected_host_keeps_its_points_and_has_no_latest_load()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var connection = Guid.NewGuid();
        await host.ConnectAsync(connection, TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(new NullAgent()), new AgentHello("1.4.2", []));
        await host.HeartbeatAsync(connection, new HostMetrics(50, 1, 2, 1, 2));

        await host.DisconnectAsync(connection, DisconnectReason.StreamEnded);
        var load = (await host.GetLoadAsync())!;

        Assert.Null(load.Latest);
        Assert.Equal(50, Assert.Single(load.LastHour).CpuPercent);
    }

    [Fact]
    public async Task A_host_never_connected_has_no_agent_and_no_points_and_an_unknown_host_reads_as_null()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        var load = (await host.GetLoadAsync())!;

        Assert.Null(load.AgentVersion);
        Assert.Null(load.Latest);
        Assert.Empty(load.LastHour);
        Assert.Null(await Grains.GetHostGrain(TestData.NewHostId()).GetLoadAsync());
    }
}
