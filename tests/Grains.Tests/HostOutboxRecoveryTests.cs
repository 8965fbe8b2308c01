using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.TestSupport;
using GameOps.AgentProtocol;

namespace GameOps.Grains.Tests;

/// <summary>What a host makes of a stored outbox that a crash left behind, when its agent connects.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostOutboxRecoveryTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Only_jobs_with_an_unfinished_record_are_sent_again()
    {
        var hostId = TestData.NewHostId();
        var pending = await CreateJobAsync(hostId);
        // Its record names another host: a finished job tells its host at once, which would activate this host
        // before its crashed state is in place. The crash this test stands for lost that message.
        var finished = await CreateJobAsync(TestData.NewHostId());
        await Grains.GetJobGrain(finished.JobId).CompleteAsync(new JobResult(true, "done before the crash"));
        var unrecorded = NewAgentJob();
        await StoreHostAsync(hostId, [ToOutbox(unrecorded), ToOutbox(finished), ToOutbox(pending)]);
        var agent = new RecordingAgent();

        await Grains.GetHostGrain(hostId).ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", []));
        var sent = await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(pending.JobId, sent.JobId);
        Assert.Equal(1, (await Grains.GetHostGrain(hostId).GetAsync())!.QueuedJobs);
        Assert.Equal(JobState.Dispatched, (await Grains.GetJobGrain(pending.JobId).GetAsync())!.State);
        Assert.Null(await Grains.GetJobGrain(unrecorded.JobId).GetAsync());
        Assert.False(agent.Received.Reader.TryRead(out var extra), $"Only one job was due, but {extra?.JobId} went out too.");
    }

    [Fact]
    public async Task Before_its_agent_reconnects_the_host_counts_only_unfinished_jobs()
    {
        var hostId = TestData.NewHostId();
        var pending = await CreateJobAsync(hostId);
        var finished = await CreateJobAsync(TestData.NewHostId());
        await Grains.GetJobGrain(finished.JobId).CompleteAsync(new JobResult(true, "done before the crash"));
        await StoreHostAsync(hostId, [ToOutbox(NewAgentJob()), ToOutbox(finished), ToOutbox(pending)]);

        var host = await Eventually.ReadAsync(() => Grains.GetHostGrain(hostId).GetAsync(), h => h!.QueuedJobs == 1, Patience);

        Assert.Equal(HostStatus.Offline, host!.Status);
        Assert.Equal(JobState.Queued, (await Grains.GetJobGrain(pending.JobId).GetAsync())!.State);
    }

    private async Task<AgentJob> CreateJobAsync(string hostId)
    {
        var job = NewAgentJob();
        await Grains.GetJobGrain(job.JobId).CreateAsync(new JobSpec(
            "org-test", hostId, job.ServerId, job.Action, job.Arguments, TestData.Admin, DateTimeOffset.UtcNow, job.Deadline, IdempotencyKey: null));
        return job;
    }

    private static AgentJob NewAgentJob() =>
        new(Guid.CreateVersion7(), "main", GameActions.PlayersList, ImmutableDictionary<string, string>.Empty, DateTimeOffset.UtcNow.AddHours(1));

    private static OutboxJob ToOutbox(AgentJob job) => new(job, job.Deadline);

    private Task StoreHostAsync(string hostId, List<OutboxJob> outbox)
    {
        var now = DateTimeOffset.UtcNow;
        return fixture.StoreStateAsync(Grains.GetHostGrain(hostId), "host", new HostState
        {
            OrgId = "org-test",
            Name = "Recovered",
            CredentialHash = TestData.NewHash(),
            Status = HostStatus.Offline,
            CreatedAt = now,
            StatusChangedAt = now,
            Outbox = outbox,
        });
    }
}
