using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.Grains.Agents;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>Jobs submitted to a host as one batch: one write of the host's state, all or none.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostJobBatchTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_batch_of_100_jobs_is_one_write_of_the_hosts_state_and_answers_in_order()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var writesBefore = fixture.StorageFaults.WritesOf(host);
        var requests = Enumerable.Range(0, JobLimits.MaxJobsPerBatch)
            .Select(i => TestData.Job(i % 2 == 0 ? GameActions.PlayersList : GameActions.ServerTime))
            .ToImmutableArray();

        var submitted = await host.SubmitJobsAsync(requests);

        Assert.Equal(1, fixture.StorageFaults.WritesOf(host) - writesBefore);
        Assert.Equal(requests.Select(r => r.Action), submitted.Select(s => s.Job.Action));
        Assert.All(submitted, s => Assert.True(s.Created && s.Job.State == JobState.Queued));
        Assert.Equal(submitted.Select(s => s.Job.Id).Order(), fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()).Order());
        Assert.Equal(JobLimits.MaxJobsPerBatch, (await host.GetAsync())!.QueuedJobs);
        foreach (var submission in submitted)
        {
            Assert.Equal(submission.Job, await Grains.GetJobGrain(submission.Job.Id).GetAsync());
        }
    }

    [Fact]
    public async Task A_failed_host_write_stores_no_job_of_the_batch()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var earlier = await host.SubmitJobAsync(TestData.Job());
        fixture.StorageFaults.FailNextWrite(host);

        await Assert.ThrowsAnyAsync<Exception>(() => host.SubmitJobsAsync([TestData.Job(idempotencyKey: "batch-key"), TestData.Job()]));
        var stored = await fixture.ReadStoredStateAsync<HostState>(host, "host");
        var retried = await host.SubmitJobsAsync([TestData.Job(idempotencyKey: "batch-key")]);

        Assert.Equal(earlier.Job.Id, Assert.Single(stored.Outbox).Job.JobId);
        Assert.True(retried[0].Created);
        Assert.Equal([retried[0].Job.Id, earlier.Job.Id], fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
        Assert.Equal(2, (await host.GetAsync())!.QueuedJobs);
    }

    [Fact]
    public async Task Idempotency_keys_replay_earlier_jobs_and_repeats_within_the_batch()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var earlier = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "save-1"));

        var submitted = await host.SubmitJobsAsync([
            TestData.Job(idempotencyKey: "save-1"),
            TestData.Job(idempotencyKey: "save-2"),
            TestData.Job(idempotencyKey: "save-2"),
            TestData.Job()]);

        Assert.Equal([false, true, false, true], submitted.Select(s => s.Created));
        Assert.Equal(earlier.Job.Id, submitted[0].Job.Id);
        Assert.Equal(submitted[1].Job.Id, submitted[2].Job.Id);
        Assert.Equal(3, fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()).Count);
    }

    [Fact]
    public async Task An_invalid_job_or_a_batch_past_the_limit_is_refused_whole()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var tooMany = Enumerable.Repeat(TestData.Job(), JobLimits.MaxJobsPerBatch + 1).ToImmutableArray();

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => host.SubmitJobsAsync([TestData.Job(), TestData.Job("no.such.action")]));
        await Assert.ThrowsAsync<ArgumentException>(() => host.SubmitJobsAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => host.SubmitJobsAsync([]));
        await Assert.ThrowsAsync<HostNotFoundException>(() => host.SubmitJobsAsync([TestData.Job(), TestData.Job(orgId: "org-other")]));

        Assert.StartsWith("jobs[1]:", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task A_batch_is_sent_to_the_connected_agent_in_one_call_in_order_and_each_job_finishes_on_its_report()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", []));

        var submitted = await host.SubmitJobsAsync([TestData.Job(), TestData.Job(GameActions.ServerTime), TestData.Job()]);
        var sent = new List<Guid>();
        for (var i = 0; i < submitted.Length; i++)
        {
            sent.Add((await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).JobId);
        }

        Assert.Equal(submitted.Select(s => s.Job.Id), sent);
        Assert.Equal(1, agent.BatchCalls);
        Assert.All(submitted, s => Assert.Equal(JobState.Queued, s.Job.State));
        foreach (var submission in submitted)
        {
            var job = Grains.GetJobGrain(submission.Job.Id);
            Assert.Equal(JobState.Dispatched, (await job.GetAsync())!.State);
            Assert.Equal(JobState.Succeeded, (await job.CompleteAsync(new JobResult(true, "ok"))).State);
        }

        await Eventually.ReadAsync(() => host.GetAsync(), view => view!.QueuedJobs == 0, Patience);
    }

    [Fact]
    public async Task A_batch_with_a_job_the_servers_reported_policy_refuses_is_refused_with_its_words_and_stores_nothing()
    {
        var (host, agent, server) = await HostWithServerAsync();
        await server.ReportEffectivePolicyAsync(ReadOnly);

        var refused = await Assert.ThrowsAsync<JobRefusedException>(() => host.SubmitJobsAsync([TestData.Job(), TestData.Job(GameActions.WorldSave)]));

        Assert.StartsWith("jobs[1]: refused by policy: read-only mode", refused.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
        Assert.Equal(0, (await host.GetAsync())!.QueuedJobs);
        Assert.False(agent.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_policy_reported_after_a_batch_applies_to_the_next_batch()
    {
        var (host, _, server) = await HostWithServerAsync();
        var before = await host.SubmitJobsAsync([TestData.Job(GameActions.WorldSave)]);

        await server.ReportEffectivePolicyAsync(ReadOnly);
        await Assert.ThrowsAsync<JobRefusedException>(() => host.SubmitJobsAsync([TestData.Job(GameActions.WorldSave)]));
        var allowed = await host.SubmitJobsAsync([TestData.Job()]);
        await server.ReportEffectivePolicyAsync(Unrestricted);
        var widened = await host.SubmitJobsAsync([TestData.Job(GameActions.WorldSave)]);

        Assert.True(before[0].Created);
        Assert.True(allowed[0].Created);
        Assert.True(widened[0].Created);
        Assert.Equal(3, fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()).Count);
    }

    private static readonly ServerPolicySpec ReadOnly = new(false, [], true, [], [], []);

    private static readonly ServerPolicySpec Unrestricted = new(false, [], false, [], [], []);

    private async Task<(IHostGrain Host, RecordingAgent Agent, IGameServerGrain Server)> HostWithServerAsync()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var agent = new RecordingAgent();
        await host.ConnectAsync(
            Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent),
            new AgentHello("test", [new GameServerDescriptor("main", "Main world", "source-rcon", [])]));
        return (host, agent, Grains.GetGrain<IGameServerGrain>(GameServerKeys.For(host.GetPrimaryKeyString(), "main")));
    }
}
