using System.Collections.Immutable;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.TestSupport;
using GameOps.AgentProtocol;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class JobGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<IJobGrain> NewJobAsync(TimeSpan? timeout = null)
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var submission = await host.SubmitJobAsync(TestData.Job(timeout: timeout));
        return Grains.GetGrain<IJobGrain>(submission.Job.Id);
    }

    [Fact]
    public async Task Job_runs_through_its_states_to_success()
    {
        var job = await NewJobAsync();

        var dispatched = await job.MarkDispatchedAsync();
        var running = await job.MarkRunningAsync();
        var done = await job.CompleteAsync(new JobResult(true, "Total of 0 in the game"));

        Assert.Equal(JobState.Dispatched, dispatched.State);
        Assert.Equal(1, dispatched.Attempts);
        Assert.NotNull(dispatched.DispatchedAt);
        Assert.Equal(JobState.Running, running.State);
        Assert.NotNull(running.StartedAt);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal("Total of 0 in the game", done.Output);
        Assert.NotNull(done.FinishedAt);
        Assert.True(done.IsFinished);
    }

    [Fact]
    public async Task Agents_reports_run_the_job_to_its_result_and_empty_the_hosts_queue()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var hostId = host.GetPrimaryKeyString();
        var submitted = (await host.SubmitJobAsync(TestData.Job())).Job;
        var job = Grains.GetJobGrain(submitted.Id);

        var forgettableWhenRunning = await job.ReportAsync(hostId, new JobReport(submitted.Id, Result: null));
        var running = await job.GetAsync();
        var forgettableWhenDone = await job.ReportAsync(hostId, new JobReport(submitted.Id, new JobResult(true, "Total of 0 in the game")));
        var queue = await Eventually.ReadAsync(async () => (await host.GetAsync())!.QueuedJobs, count => count == 0, TimeSpan.FromSeconds(10));

        Assert.False(forgettableWhenRunning);
        Assert.Equal(JobState.Running, running!.State);
        Assert.True(forgettableWhenDone);
        Assert.Equal(JobState.Succeeded, (await job.GetAsync())!.State);
        Assert.Equal(0, queue);
    }

    [Fact]
    public async Task Report_from_another_host_is_refused_and_may_be_forgotten()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var intruder = await TestData.RegisteredHostAsync(Grains);
        var submitted = (await host.SubmitJobAsync(TestData.Job())).Job;
        var job = Grains.GetJobGrain(submitted.Id);

        var forgettable = await job.ReportAsync(intruder.GetPrimaryKeyString(), new JobReport(submitted.Id, new JobResult(true, "forged")));

        Assert.True(forgettable);
        Assert.Equal(JobState.Queued, (await job.GetAsync())!.State);
        Assert.Equal(1, (await host.GetAsync())!.QueuedJobs);
    }

    [Fact]
    public async Task Job_that_times_out_leaves_its_hosts_queue()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var submitted = (await host.SubmitJobAsync(TestData.Job(timeout: TimeSpan.FromSeconds(1)))).Job;

        var queue = await Eventually.ReadAsync(async () => (await host.GetAsync())!.QueuedJobs, count => count == 0, TimeSpan.FromSeconds(10));

        Assert.Equal(0, queue);
        Assert.Equal(JobState.TimedOut, (await Grains.GetJobGrain(submitted.Id).GetAsync())!.State);
    }

    [Fact]
    public async Task Redelivered_job_counts_attempts()
    {
        var job = await NewJobAsync();

        await job.MarkDispatchedAsync();
        var again = await job.MarkDispatchedAsync();

        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task Finished_job_keeps_its_first_result()
    {
        var job = await NewJobAsync();
        await job.CompleteAsync(new JobResult(false, null, "Server refused the command"));

        var late = await job.CompleteAsync(new JobResult(true, "late answer"));
        var lateRunning = await job.MarkRunningAsync();
        var lateDispatch = await job.MarkDispatchedAsync();

        Assert.Equal(JobState.Failed, late.State);
        Assert.Equal("Server refused the command", late.Error);
        Assert.Null(late.Output);
        Assert.Equal(JobState.Failed, lateRunning.State);
        Assert.Equal(0, lateDispatch.Attempts);
    }

    [Fact]
    public async Task Running_job_is_not_sent_back_to_dispatched()
    {
        var job = await NewJobAsync();
        await job.MarkRunningAsync();

        var view = await job.MarkDispatchedAsync();

        Assert.Equal(JobState.Running, view.State);
    }

    [Fact]
    public async Task Typed_result_is_kept_when_it_is_json()
    {
        var job = await NewJobAsync();
        var other = await NewJobAsync();

        var kept = await job.CompleteAsync(new JobResult(true, "text", null, "{\"players\":[{\"name\":\"Alice\"}]}"));
        var dropped = await other.CompleteAsync(new JobResult(true, "text", null, "{not json"));

        Assert.Equal("{\"players\":[{\"name\":\"Alice\"}]}", kept.Data);
        Assert.Null(dropped.Data);
        Assert.Equal(JobState.Succeeded, dropped.State);
    }

    [Fact]
    public async Task Oversized_output_is_truncated()
    {
        var job = await NewJobAsync();

        var view = await job.CompleteAsync(new JobResult(true, new string('x', JobLimits.MaxOutputLength + 100)));

        Assert.Equal(JobLimits.MaxOutputLength, view.Output!.Length);
    }

    [Fact]
    public async Task Job_times_out_at_its_deadline()
    {
        var job = await NewJobAsync(TimeSpan.FromSeconds(1));

        var view = await WaitForAsync(job, v => v.IsFinished, TimeSpan.FromSeconds(15));

        Assert.Equal(JobState.TimedOut, view.State);
        Assert.Contains("deadline", view.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_an_agent_runs_past_its_deadline_ends_timed_out_in_the_agents_words()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var hostId = host.GetPrimaryKeyString();
        var submitted = (await host.SubmitJobAsync(TestData.Job(timeout: TimeSpan.FromSeconds(1)))).Job;
        var job = Grains.GetJobGrain(submitted.Id);
        await job.ReportAsync(hostId, new JobReport(submitted.Id, Result: null));
        const string agentsWords = "the job did not finish before its deadline; game server 'main' may or may not have run it";

        // The agent enforces the same deadline: past it, the control plane waits for the agent's report.
        var pastDeadline = await job.WaitUntilFinishedAsync(submitted.Deadline - fixture.Clock.UtcNow + TimeSpan.FromSeconds(1));
        await job.ReportAsync(hostId, new JobReport(submitted.Id, new JobResult(false, null, agentsWords, TimedOut: true)));
        var final = (await job.GetAsync())!;

        Assert.Equal(JobState.Running, pastDeadline!.State);
        Assert.Equal(JobState.TimedOut, final.State);
        Assert.Equal(agentsWords, final.Error);
    }

    [Fact]
    public async Task Job_an_agent_holds_times_out_in_the_control_planes_words_when_no_report_follows_its_deadline()
    {
        var job = await NewJobAsync(TimeSpan.FromSeconds(1));
        await job.MarkDispatchedAsync();

        var view = await WaitForAsync(job, v => v.IsFinished, TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.TimedOut, view.State);
        Assert.EndsWith("it was Dispatched then, and its agent reported no result within 15 s after it.", view.Error, StringComparison.Ordinal);
        Assert.True(view.FinishedAt >= view.Deadline + ClusterFixture.AgentResultGrace);
    }

    [Fact]
    public async Task Job_created_past_its_deadline_times_out_at_once()
    {
        var now = fixture.Clock.UtcNow;
        var job = Grains.GetGrain<IJobGrain>(Guid.NewGuid());

        var view = await job.CreateAsync(new JobSpec(
            "org-test", "host-x", "main", GameActions.WorldSave, ImmutableDictionary<string, string>.Empty,
            TestData.Admin, now.AddMinutes(-2), now.AddMinutes(-1), null));

        Assert.Equal(JobState.TimedOut, view.State);
    }

    [Fact]
    public async Task Transitions_on_an_unknown_job_fail()
    {
        var job = Grains.GetGrain<IJobGrain>(Guid.NewGuid());

        Assert.Null(await job.GetAsync());
        await Assert.ThrowsAsync<JobNotFoundException>(() => job.MarkDispatchedAsync());
        await Assert.ThrowsAsync<JobNotFoundException>(() => job.CompleteAsync(new JobResult(true, "x")));
    }

    private static async Task<JobView> WaitForAsync(IJobGrain job, Func<JobView, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var view = await job.GetAsync();
            if (view is not null && condition(view))
            {
                return view;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
