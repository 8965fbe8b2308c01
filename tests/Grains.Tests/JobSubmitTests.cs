using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.Grains.Tests;

/// <summary>The job grain as the entry point: the API calls the new job, which submits itself to its host.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobSubmitTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private static readonly ServerPolicySpec ReadOnly = new(false, [], true, [], [], []);

    private static readonly ServerPolicySpec Unrestricted = new(false, [], false, [], [], []);

    private async Task<(IHostGrain Host, RecordingAgent Agent)> ConnectedHostAsync(params GameServerDescriptor[] servers)
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", [.. servers]));
        return (host, agent);
    }

    private async Task<(string HostId, IGameServerGrain Server)> HostWithServerAsync()
    {
        var (host, _) = await ConnectedHostAsync(new GameServerDescriptor("main", "Main world", "source-rcon", []));
        var hostId = host.GetPrimaryKeyString();
        return (hostId, Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(hostId, "main")));
    }

    [Fact]
    public async Task Job_submitted_through_its_grain_is_stored_on_its_host_sent_to_the_agent_and_dispatched()
    {
        var (host, agent) = await ConnectedHostAsync();
        var jobId = Guid.CreateVersion7();

        var submission = await Grains.GetJobGrain(jobId).SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(), TimeSpan.Zero);
        var sent = await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var stored = await Grains.GetJobGrain(jobId).GetAsync();

        Assert.True(submission.Created);
        Assert.Equal(jobId, submission.Job.Id);
        Assert.Equal(jobId, sent.JobId);
        Assert.Equal([jobId], fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
        Assert.Equal(1, (await host.GetAsync())!.QueuedJobs);
        Assert.Equal(JobState.Dispatched, stored!.State);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task Submit_with_a_wait_answers_with_the_agents_result()
    {
        var (host, agent) = await ConnectedHostAsync();
        var hostId = host.GetPrimaryKeyString();
        var job = Grains.GetJobGrain(Guid.CreateVersion7());

        var submitting = job.SubmitAsync(hostId, TestData.Job(), Patience);
        var sent = await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await job.ReportAsync(hostId, new JobReport(sent.JobId, Result: null));
        await job.ReportAsync(hostId, new JobReport(sent.JobId, new JobResult(true, "Total of 0 in the game")));
        var submission = await submitting.WaitAsync(Patience);

        Assert.True(submission.Created);
        Assert.Equal(JobState.Succeeded, submission.Job.State);
        Assert.Equal("Total of 0 in the game", submission.Job.Output);
    }

    [Fact]
    public async Task Submit_with_a_wait_to_a_host_without_its_agent_answers_queued_after_the_wait()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        var submission = await Grains.GetJobGrain(Guid.CreateVersion7()).SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(), TimeSpan.FromMilliseconds(200));

        Assert.True(submission.Created);
        Assert.Equal(JobState.Queued, submission.Job.State);
    }

    [Fact]
    public async Task Submit_to_another_orgs_host_fails_and_leaves_no_job()
    {
        var host = await TestData.RegisteredHostAsync(Grains, orgId: "org-a");
        var job = Grains.GetJobGrain(Guid.CreateVersion7());

        await Assert.ThrowsAsync<HostNotFoundException>(() => job.SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(orgId: "org-b"), TimeSpan.Zero));

        Assert.Null(await job.GetAsync());
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task Submit_with_a_seen_idempotency_key_answers_the_earlier_job_and_stores_no_other()
    {
        var (host, _) = await ConnectedHostAsync();
        var hostId = host.GetPrimaryKeyString();
        var first = await Grains.GetJobGrain(Guid.CreateVersion7()).SubmitAsync(hostId, TestData.Job(idempotencyKey: "save-1"), TimeSpan.Zero);
        var unused = Grains.GetJobGrain(Guid.CreateVersion7());

        var replay = await unused.SubmitAsync(hostId, TestData.Job(idempotencyKey: "save-1"), TimeSpan.Zero);

        Assert.False(replay.Created);
        Assert.Equal(first.Job.Id, replay.Job.Id);
        Assert.Null(await unused.GetAsync());
        Assert.Equal([first.Job.Id], fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task A_job_id_is_submitted_once()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var job = Grains.GetJobGrain(Guid.CreateVersion7());
        await job.SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(), TimeSpan.Zero);

        await Assert.ThrowsAsync<InvalidOperationException>(() => job.SubmitAsync(host.GetPrimaryKeyString(), TestData.Job(), TimeSpan.Zero));

        Assert.Single(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task Job_the_servers_reported_policy_refuses_is_refused_with_its_words_and_not_stored()
    {
        var (hostId, server) = await HostWithServerAsync();
        await server.ReportEffectivePolicyAsync(ReadOnly);
        var job = Grains.GetJobGrain(Guid.CreateVersion7());

        var refused = await Assert.ThrowsAsync<JobRefusedException>(() => job.SubmitAsync(hostId, TestData.Job(GameActions.WorldSave), TimeSpan.Zero));

        Assert.StartsWith("refused by policy: read-only mode", refused.Message, StringComparison.Ordinal);
        Assert.Null(await job.GetAsync());
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(hostId));
    }

    [Fact]
    public async Task A_policy_reported_after_the_hosts_last_job_applies_to_its_next_job()
    {
        var (hostId, server) = await HostWithServerAsync();
        var before = await Grains.GetJobGrain(Guid.CreateVersion7()).SubmitAsync(hostId, TestData.Job(GameActions.WorldSave), TimeSpan.Zero);

        await server.ReportEffectivePolicyAsync(ReadOnly);
        var narrowed = Grains.GetJobGrain(Guid.CreateVersion7()).SubmitAsync(hostId, TestData.Job(GameActions.WorldSave), TimeSpan.Zero);
        await Assert.ThrowsAsync<JobRefusedException>(() => narrowed);
        await server.ReportEffectivePolicyAsync(Unrestricted);
        var widened = await Grains.GetJobGrain(Guid.CreateVersion7()).SubmitAsync(hostId, TestData.Job(GameActions.WorldSave), TimeSpan.Zero);

        Assert.True(before.Created);
        Assert.True(widened.Created);
    }

    [Fact]
    public async Task Jobs_the_silo_submits_itself_are_left_to_the_agents_policy()
    {
        var (hostId, server) = await HostWithServerAsync();
        await server.ReportEffectivePolicyAsync(ReadOnly);

        var submission = await Grains.GetHostGrain(hostId).SubmitJobAsync(TestData.Job(GameActions.WorldSave));

        Assert.True(submission.Created);
    }
}
