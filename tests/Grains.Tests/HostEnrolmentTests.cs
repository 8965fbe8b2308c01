using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;

namespace GameOps.Grains.Tests;

/// <summary>A host's one-time enrolment tokens, its credential's revocation and re-enrolment.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostEnrolmentTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Actor Agent = TestData.Agent;

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Token_enrols_once_and_its_credential_replaces_the_one_enrolled_before()
    {
        var (host, original, token) = await RegisterAsync();
        var enrolled = TestData.NewHash();

        var first = await host.EnrolAsync(new EnrolHost(token, enrolled, Agent));
        var second = await host.EnrolAsync(new EnrolHost(token, TestData.NewHash(), Agent));

        Assert.Equal((EnrolmentOutcome.Enrolled, EnrolmentOutcome.Used), (first, second));
        Assert.True(await host.VerifyCredentialAsync(enrolled));
        Assert.False(await host.VerifyCredentialAsync(original));
        Assert.Null((await host.GetAsync())!.EnrolmentExpiresAt);
    }

    [Fact]
    public async Task Token_past_its_lifetime_is_refused_as_expired_and_changes_nothing()
    {
        var (host, original, token) = await RegisterAsync();
        var expiresAt = (await host.GetAsync())!.EnrolmentExpiresAt!.Value;
        fixture.Clock.Advance(expiresAt - fixture.Clock.UtcNow + TimeSpan.FromSeconds(1));

        var outcome = await host.EnrolAsync(new EnrolHost(token, TestData.NewHash(), Agent));

        Assert.Equal(EnrolmentOutcome.Expired, outcome);
        Assert.True(await host.VerifyCredentialAsync(original));
    }

    [Fact]
    public async Task Token_of_another_host_or_none_is_refused_as_unknown()
    {
        var (host, _, _) = await RegisterAsync();
        var (_, _, otherToken) = await RegisterAsync();

        Assert.Equal(EnrolmentOutcome.Unknown, await host.EnrolAsync(new EnrolHost(otherToken, TestData.NewHash(), Agent)));
        Assert.Equal(EnrolmentOutcome.Unknown, await Grains.GetGrain<IHostGrain>(TestData.NewHostId()).EnrolAsync(new EnrolHost(otherToken, TestData.NewHash(), Agent)));
    }

    [Fact]
    public async Task Revoke_cuts_the_connected_stream_and_the_credential_then_a_new_token_enrols_the_same_host()
    {
        var (host, original, token) = await RegisterAsync();
        await host.EnrolAsync(new EnrolHost(token, original, Agent));
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", [], "agent"));

        var revoked = await host.RevokeCredentialAsync("org-test", TestData.Admin);
        await agent.Revoked.WaitAsync(Patience);
        var stale = await host.EnrolAsync(new EnrolHost(token, TestData.NewHash(), Agent));
        var again = TestData.NewHash();
        await host.CreateEnrolmentAsync("org-test", again, TestData.Admin);
        var credential = TestData.NewHash();
        var reenrolled = await host.EnrolAsync(new EnrolHost(again, credential, Agent));

        Assert.Equal((HostStatus.Offline, HostGrain.RevokedReason), (revoked.Status, revoked.StatusReason));
        Assert.False(await host.VerifyCredentialAsync(original));
        Assert.Equal(EnrolmentOutcome.Used, stale);
        Assert.Equal(EnrolmentOutcome.Enrolled, reenrolled);
        Assert.True(await host.VerifyCredentialAsync(credential));
    }

    [Fact]
    public async Task Enrolling_again_cuts_the_stream_opened_with_the_old_credential()
    {
        var (host, original, token) = await RegisterAsync();
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", [], "old-agent"));

        await host.EnrolAsync(new EnrolHost(token, TestData.NewHash(), Agent));

        await agent.Revoked.WaitAsync(Patience);
        Assert.False(await host.VerifyCredentialAsync(original));
    }

    [Fact]
    public async Task Another_orgs_caller_can_neither_revoke_nor_make_a_token()
    {
        var (host, original, _) = await RegisterAsync();

        await Assert.ThrowsAsync<HostNotFoundException>(() => host.RevokeCredentialAsync("org-other", TestData.Admin));
        await Assert.ThrowsAsync<HostNotFoundException>(() => host.CreateEnrolmentAsync("org-other", TestData.NewHash(), TestData.Admin));
        Assert.True(await host.VerifyCredentialAsync(original));
    }

    /// <summary>An enrolled host (its credential's hash) with a new, unused token (re-enrol).</summary>
    private async Task<(IHostGrain Host, byte[] Credential, byte[] Token)> RegisterAsync()
    {
        var (host, credential) = await TestData.EnrolledHostAsync(Grains);
        var token = TestData.NewHash();
        await host.CreateEnrolmentAsync("org-test", token, TestData.Admin);
        return (host, credential, token);
    }
}
