using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>A server's policy narrowing: kept by its grain, passed to its host's connected agent, and the agent's report kept beside it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GameServerPolicyTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly ServerPolicySpec ReadOnly = new(false, [], true, [], ["^quit"], [new RateLimitSpec("chat.say", 2, 1)]);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Narrowing_is_stored_and_passed_to_the_connected_agent()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var hostId = host.GetPrimaryKeyString();
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", []));
        var server = Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, "main"));

        var view = await server.SetPolicyAsync(ReadOnly, TestData.Admin);
        var sent = await agent.Policies.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(("main", ReadOnly.ReadOnly), (sent.ServerId, sent.Narrowing!.ReadOnly));
        Assert.Equal(["^quit"], sent.Narrowing.ConsoleDenyPatterns.ToArray());
        Assert.True(view.RequestedPolicy!.ReadOnly);
    }

    [Fact]
    public async Task Reported_effective_policy_is_kept_beside_the_narrowing()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var server = Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(host.GetPrimaryKeyString(), "main"));
        var effective = new ServerPolicySpec(true, ["players.list"], true, [new ArgumentLimitSpec("chat.say", "message", 20, ["^a"])], [], []);

        await server.SetPolicyAsync(ReadOnly, TestData.Admin);
        await server.ReportEffectivePolicyAsync(effective);
        var view = (await server.GetAsync())!;

        Assert.Equal(["players.list"], view.EffectivePolicy!.AllowedActions.ToArray());
        Assert.Equal(20, view.EffectivePolicy.ArgumentLimits[0].MaxLength);
        Assert.NotNull(view.EffectivePolicyReportedAt);
        Assert.True(view.RequestedPolicy!.ReadOnly);
    }
}
