using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.TestSupport;

namespace GameOps.Grains.Tests;

/// <summary>Cancelling a job in each of its states, through its host.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobCancelTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_queued_job_is_cancelled_at_once_and_never_sent()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;

        var cancellation = await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        Assert.Equal(CancelOutcome.Cancelled, cancellation.Outcome);
        Assert.Equal(JobState.Cancelled, cancellation.Job.State);
        Assert.True(cancellation.Job.IsFinished);
        Assert.Equal(0, (await host.GetAsync())!.QueuedJobs);
        var agent = await ConnectAsync(host);
        Assert.False(agent.Received.Reader.TryRead(out var sent), $"Job {sent?.JobId} was sent after it was cancelled.");
    }

    [Fact]
    public async Task A_dispatched_job_is_cancelled_by_its_agents_answer()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var agent = await ConnectAsync(host);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;
        await agent.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        var cancellation = await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        Assert.Equal(CancelOutcome.Requested, cancellation.Outcome);
        Assert.Equal(JobState.Dispatched, cancellation.Job.State);
        Assert.NotNull(cancellation.Job.CancelRequestedAt);
        Assert.Equal(job.Id, await agent.Cancels.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        await Grains.GetJobGrain(job.Id).ReportAsync(host.GetPrimaryKeyString(), new JobReport(job.Id, new JobResult(false, null, "not run", Cancelled: true)));

        Assert.Equal(JobState.Cancelled, (await Grains.GetJobGrain(job.Id).GetAsync())!.State);
        await Eventually.ReadAsync(() => host.GetAsync(), h => h!.QueuedJobs == 0, Patience);
    }

    [Fact]
    public async Task A_requested_cancel_is_sent_again_after_the_job_when_the_agent_reconnects()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = await ConnectAsync(host);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;
        await first.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        var second = await ConnectAsync(host);

        Assert.Equal(job.Id, (await second.Received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).JobId);
        Assert.Equal(job.Id, await second.Cancels.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task A_running_job_stays_running()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var agent = await ConnectAsync(host);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;
        await Grains.GetJobGrain(job.Id).MarkRunningAsync();

        var cancellation = await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        Assert.Equal(CancelOutcome.AlreadyRunning, cancellation.Outcome);
        Assert.Equal(JobState.Running, (await Grains.GetJobGrain(job.Id).GetAsync())!.State);
        Assert.False(agent.Cancels.Reader.TryRead(out _), "The agent was told to cancel a running job.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_finished_job_stays_as_it_ended(bool succeeded)
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;
        var finished = await Grains.GetJobGrain(job.Id).CompleteAsync(new JobResult(succeeded, "answer", succeeded ? null : "no"));

        var cancellation = await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        Assert.Equal(CancelOutcome.AlreadyFinished, cancellation.Outcome);
        Assert.Equal(finished.State, cancellation.Job.State);
    }

    [Fact]
    public async Task A_result_reported_after_a_cancel_does_not_change_the_job()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;
        await host.CancelJobAsync("org-test", job.Id, TestData.Admin);

        var view = await Grains.GetJobGrain(job.Id).CompleteAsync(new JobResult(true, "late answer"));

        Assert.Equal(JobState.Cancelled, view.State);
    }

    [Fact]
    public async Task Another_orgs_host_cannot_cancel()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var job = (await host.SubmitJobAsync(TestData.Job())).Job;

        await Assert.ThrowsAsync<HostNotFoundException>(() => host.CancelJobAsync("org-other", job.Id, TestData.Admin));
        Assert.Equal(JobState.Queued, (await Grains.GetJobGrain(job.Id).GetAsync())!.State);
    }

    private async Task<RecordingAgent> ConnectAsync(IHostGrain host)
    {
        var agent = new RecordingAgent();
        await host.ConnectAsync(Guid.NewGuid(), TestData.Peer, Grains.CreateObjectReference<IAgentObserver>(agent), new AgentHello("test", [], InstanceId: "one-agent"));
        return agent;
    }
}
