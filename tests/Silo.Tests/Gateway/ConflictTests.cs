using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using Grpc.Core;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>Two agents with one host's credential, as real gRPC streams to a silo process.</summary>
[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ConflictTests(GatewaySiloFixture fixture)
{
    private const string SecondAgent = "second-agent";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Uri Gateway => fixture.Silo.GatewayAddress;

    [Fact]
    public async Task Second_agent_of_a_live_host_is_refused_with_already_exists_and_the_host_shows_the_conflict()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var first = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        using var stop = new CancellationTokenSource();
        var beating = first.HeartbeatUntilAsync(stop.Token);

        await using var second = TestAgent.Open(Gateway, host.Host.Id, host.Credential, instanceId: SecondAgent);
        await second.HelloAsync(host.Host.Id, "main");
        var refused = await second.ReadUntilEndAsync(Patience);
        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        var assignment = (await first.ReadAsync()).JobAssignment;
        var view = await fixture.Api.GetHostAsync(host.Host.Id);
        await stop.CancelAsync();
        await beating;

        Assert.Equal(StatusCode.AlreadyExists, refused);
        Assert.Equal(job.Id.ToString(), assignment.JobId);
        Assert.Equal(HostStatus.Online, view.Status);
        Assert.NotNull(view.Conflict);
        Assert.StartsWith("ipv4:127.0.0.1:", view.Conflict.RefusedPeer, StringComparison.Ordinal);
        Assert.StartsWith("ipv4:127.0.0.1:", view.Conflict.ConnectedPeer, StringComparison.Ordinal);
        Assert.NotEqual(view.Conflict.RefusedPeer, view.Conflict.ConnectedPeer);
    }

    [Fact]
    public async Task When_the_connected_agent_falls_silent_the_refused_one_takes_over_and_the_first_is_refused_on_return()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var first = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        using (var stop = new CancellationTokenSource())
        {
            var beating = first.HeartbeatUntilAsync(stop.Token);
            await using var early = TestAgent.Open(Gateway, host.Host.Id, host.Credential, instanceId: SecondAgent);
            await early.HelloAsync(host.Host.Id, "main");
            Assert.Equal(StatusCode.AlreadyExists, await early.ReadUntilEndAsync(Patience));

            // The first agent freezes: its stream stays open, but no heartbeat comes any more.
            await stop.CancelAsync();
            await beating;
        }

        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        var (second, assignment) = await RetryUntilConnectedAsync(host);
        await using var secondAgent = second;
        var firstEnded = await first.ReadUntilEndAsync(Patience);

        using var secondBeats = new CancellationTokenSource();
        var beatingSecond = second.HeartbeatUntilAsync(secondBeats.Token);
        // The first agent wakes up and dials again, as the same process.
        await using var returning = TestAgent.Open(Gateway, host.Host.Id, host.Credential);
        await returning.HelloAsync(host.Host.Id, "main");
        var returned = await returning.ReadUntilEndAsync(Patience);
        var view = await fixture.Api.GetHostAsync(host.Host.Id);
        await secondBeats.CancelAsync();
        await beatingSecond;

        Assert.Equal(job.Id.ToString(), assignment.JobId);
        // Replaced by the second stream once silent for a heartbeat interval, or closed by the sweeper at the timeout.
        Assert.Contains(firstEnded, new[] { StatusCode.AlreadyExists, StatusCode.DeadlineExceeded });
        Assert.Equal(StatusCode.AlreadyExists, returned);
        Assert.Equal(HostStatus.Online, view.Status);
        Assert.True(view.Conflict?.Refusals >= 2, $"conflict: {view.Conflict}");
    }

    /// <summary>
    /// Dials again every 200 ms, as the refused agent does (more slowly), until a stream is accepted; returns it with the
    /// job it was sent on connecting.
    /// </summary>
    private async Task<(TestAgent Agent, JobAssignment Assignment)> RetryUntilConnectedAsync(EnrolledHost host)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            var agent = TestAgent.Open(Gateway, host.Host.Id, host.Credential, instanceId: SecondAgent);
            try
            {
                await agent.HelloAsync(host.Host.Id, "main");
                return (agent, (await agent.ReadAsync(Patience)).JobAssignment);
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.AlreadyExists)
            {
                await agent.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
    }
}
