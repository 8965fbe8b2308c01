using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Grains.Orgs;
using GameOps.AgentProtocol;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class HostGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Registered_host_is_pending_in_its_org()
    {
        var hostId = TestData.NewHostId();
        var orgId = "org-" + hostId;

        var view = await Grains.GetGrain<IHostGrain>(hostId).RegisterAsync(TestData.Register(orgId, "Frankfurt 1"));

        Assert.Equal(hostId, view.Id);
        Assert.Equal("Frankfurt 1", view.Name);
        Assert.Equal(HostStatus.Pending, view.Status);
        Assert.Equal(view, await Grains.GetGrain<IHostGrain>(hostId).GetAsync());
        Assert.Equal([hostId], await Grains.GetGrain<IOrgGrain>(orgId).ListHostIdsAsync());
    }

    [Fact]
    public async Task Unknown_host_reads_as_null()
    {
        Assert.Null(await Grains.GetGrain<IHostGrain>(TestData.NewHostId()).GetAsync());
    }

    [Fact]
    public async Task Registering_a_host_twice_is_refused()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        await Assert.ThrowsAsync<HostAlreadyRegisteredException>(() => host.RegisterAsync(TestData.Register()));
    }

    [Fact]
    public async Task Host_with_an_invalid_name_is_refused()
    {
        var host = Grains.GetGrain<IHostGrain>(TestData.NewHostId());

        await Assert.ThrowsAsync<ArgumentException>(() => host.RegisterAsync(TestData.Register(name: "bad\nname")));
        Assert.Null(await host.GetAsync());
    }

    [Fact]
    public async Task Only_the_hosts_own_credential_hash_verifies()
    {
        var (host, hash) = await TestData.EnrolledHostAsync(Grains);

        Assert.True(await host.VerifyCredentialAsync(hash));
        Assert.False(await host.VerifyCredentialAsync(TestData.NewHash()));
        Assert.False(await Grains.GetGrain<IHostGrain>(TestData.NewHostId()).VerifyCredentialAsync(hash));
    }

    [Fact]
    public async Task Registered_host_has_no_credential_until_its_agent_enrols()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        Assert.False(await host.VerifyCredentialAsync(TestData.NewHash()));
        Assert.False(await host.VerifyCredentialAsync(new byte[32]));
    }

    [Fact]
    public async Task Submitting_a_job_to_an_unknown_host_fails()
    {
        var host = Grains.GetGrain<IHostGrain>(TestData.NewHostId());

        await Assert.ThrowsAsync<HostNotFoundException>(() => host.SubmitJobAsync(TestData.Job()));
    }

    [Fact]
    public async Task Submitting_a_job_to_another_orgs_host_fails_as_if_it_did_not_exist()
    {
        var host = await TestData.RegisteredHostAsync(Grains, orgId: "org-a");

        await Assert.ThrowsAsync<HostNotFoundException>(() => host.SubmitJobAsync(TestData.Job(orgId: "org-b")));
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task Submitted_jobs_are_queued_and_stored()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        var first = await host.SubmitJobAsync(TestData.Job(GameActions.PlayersList));
        var second = await host.SubmitJobAsync(TestData.Job(GameActions.ServerTime));

        Assert.True(first.Created);
        Assert.Equal(JobState.Queued, first.Job.State);
        Assert.Equal(host.GetPrimaryKeyString(), first.Job.HostId);
        Assert.Equal("org-test", first.Job.OrgId);
        Assert.Equal([second.Job.Id, first.Job.Id], fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
        Assert.Equal(first.Job, await Grains.GetGrain<IJobGrain>(first.Job.Id).GetAsync());
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_job()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        var first = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "restart-42"));
        var replay = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "restart-42"));
        var other = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "restart-43"));

        Assert.False(replay.Created);
        Assert.Equal(first.Job.Id, replay.Job.Id);
        Assert.NotEqual(first.Job.Id, other.Job.Id);
        Assert.Equal(2, fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()).Count);
    }

    [Fact]
    public async Task Idempotency_key_returns_its_job_after_500_other_jobs_and_not_after_24_hours()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var first = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "nightly-save"));
        for (var i = 0; i < 500; i++)
        {
            // Each finishes, so the host's queue never fills.
            var other = await host.SubmitJobAsync(TestData.Job(idempotencyKey: i % 2 == 0 ? $"other-{i}" : null));
            await Grains.GetJobGrain(other.Job.Id).CompleteAsync(new JobResult(true, "ok"));
        }

        var replay = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "nightly-save"));
        fixture.Clock.Advance(JobLimits.IdempotencyWindow);
        var afterWindow = await host.SubmitJobAsync(TestData.Job(idempotencyKey: "nightly-save"));

        Assert.False(replay.Created);
        Assert.Equal(first.Job.Id, replay.Job.Id);
        Assert.True(afterWindow.Created);
        Assert.NotEqual(first.Job.Id, afterWindow.Job.Id);
    }

    [Fact]
    public async Task The_hosts_stored_state_does_not_grow_with_the_jobs_it_ran()
    {
        // Every job writes the host's state whole, so whatever it keeps per job past the job's end is paid for again
        // by every later job (its recent job ids were 3.2 KB a write once 200 had run).
        var host = await TestData.RegisteredHostAsync(Grains);
        await RunJobAsync(host);
        var afterOne = await StoredHostBytesAsync(host);

        for (var i = 0; i < JobLimits.RecentJobsPerHost + 50; i++)
        {
            await RunJobAsync(host);
        }

        Assert.InRange(await StoredHostBytesAsync(host), 0, afterOne + 16);
    }

    [Fact]
    public async Task Job_with_an_unknown_action_is_refused()
    {
        var host = await TestData.RegisteredHostAsync(Grains);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.SubmitJobAsync(TestData.Job("rm -rf /")));

        Assert.Contains("Unknown action", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.StorageFaults.JobsStoredFor(host.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task Job_waiting_for_an_offline_host_expires_after_the_queue_timeout()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var submission = await host.SubmitJobAsync(TestData.Job(timeout: JobLimits.MaxTimeout)); // outlives the queue timeout
        Assert.Equal(1, (await host.GetAsync())!.QueuedJobs);

        fixture.Clock.Advance(ClusterFixture.QueueTimeout + TimeSpan.FromSeconds(1));
        var expired = await WaitForJobAsync(submission.Job.Id, j => j.IsFinished, TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.TimedOut, expired.State);
        Assert.Contains("expired unsent", expired.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await host.GetAsync())!.QueuedJobs);
    }

    [Fact]
    public async Task Queue_is_bounded()
    {
        var host = Grains.GetGrain<IHostGrain>(TestData.NewHostId());
        await host.RegisterAsync(TestData.Register());
        var limit = ClusterFixture.MaxQueuedJobs;
        await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => host.SubmitJobAsync(TestData.Job())));

        await Assert.ThrowsAsync<HostQueueFullException>(() => host.SubmitJobAsync(TestData.Job()));
    }

    private async Task<JobView> WaitForJobAsync(Guid jobId, Func<JobView, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var view = await Grains.GetGrain<IJobGrain>(jobId).GetAsync();
            if (view is not null && condition(view))
            {
                return view;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    private async Task RunJobAsync(IHostGrain host)
    {
        var submitted = await host.SubmitJobAsync(TestData.Job());
        await Grains.GetJobGrain(submitted.Job.Id).CompleteAsync(new JobResult(true, "ok"));
    }

    /// <summary>
    /// The host's stored state as its storage serializes it, without its outbox: a finished job leaves the stored
    /// outbox with the host's next write, whenever that comes.
    /// </summary>
    private async Task<int> StoredHostBytesAsync(IHostGrain host)
    {
        var stored = await fixture.ReadStoredStateAsync<HostState>(host, "host");
        stored.Outbox.Clear();
        return fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>().SerializeToArray(stored).Length;
    }
}
