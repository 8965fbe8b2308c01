using System.Collections.Immutable;
using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.AgentProtocol;
using GameOps.Silo.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every job history must do, whatever the store: a row per job kept by the job grain's own state writes, paged
/// newest first, filtered as the API asks, swept by age. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class JobHistoryContractTests
{
    protected const string JobStateName = "job";

    protected static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IJobHistory History { get; }

    /// <summary>The grain storage the job grain writes through, keeping <see cref="History"/>.</summary>
    protected abstract IGrainStorage JobStorage { get; }

    /// <summary>The same storage with one more projection, whose row cannot be written.</summary>
    protected abstract IGrainStorage StorageWithFailingProjection();

    [Fact]
    public async Task Each_write_of_the_job_keeps_one_row_with_its_latest_state()
    {
        var jobId = Guid.NewGuid();
        var state = NewJob(Now);
        var grainState = new TestGrainState<JobGrainState> { State = state };
        await JobStorage.WriteStateAsync(JobStateName, JobGrainId(jobId), grainState).WithTimeout();

        state.State = JobState.Succeeded;
        state.Output = "2 players";
        await JobStorage.WriteStateAsync(JobStateName, JobGrainId(jobId), grainState).WithTimeout();

        var listed = Assert.Single((await History.ListAsync(new JobHistoryQuery("org-test", 10)).WithTimeout()).Jobs);
        Assert.Equal((jobId, JobState.Succeeded, "2 players"), (listed.Id, listed.State, listed.Output));
    }

    [Fact]
    public async Task Pages_run_newest_first_and_each_cursor_continues_where_its_page_ended()
    {
        var sameInstant = Now.AddMinutes(-3);
        var jobs = new[]
        {
            await WriteJobAsync(Now.AddMinutes(-5)),
            await WriteJobAsync(sameInstant),
            await WriteJobAsync(sameInstant),
            await WriteJobAsync(Now.AddMinutes(-1)),
            await WriteJobAsync(Now),
        };

        var seen = new List<Guid>();
        JobHistoryCursor? after = null;
        var pages = 0;
        do
        {
            var page = await History.ListAsync(new JobHistoryQuery("org-test", 2, After: after)).WithTimeout();
            seen.AddRange(page.Jobs.Select(job => job.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(jobs.Length, seen.Distinct().Count());
        Assert.Equal([jobs[4], jobs[3]], seen.Take(2));
        Assert.Equal(jobs[0], seen[^1]);
    }

    [Fact]
    public async Task Filters_narrow_the_list_to_the_org_host_server_state_action_actor_and_time()
    {
        var queued = await WriteJobAsync(Now.AddMinutes(-2));
        var otherHost = await WriteJobAsync(Now.AddMinutes(-1), host: "host-other");
        var otherServer = await WriteJobAsync(Now.AddMinutes(-1), server: "other");
        var succeeded = await WriteJobAsync(Now.AddMinutes(-1), state: JobState.Succeeded);
        var chat = await WriteJobAsync(Now.AddMinutes(-1), action: GameActions.ChatSay);
        var byBot = await WriteJobAsync(Now.AddMinutes(-1), actor: "bot");
        await WriteJobAsync(Now.AddMinutes(-1), org: "org-other");

        Assert.Equal(6, await CountAsync(new JobHistoryQuery("org-test", 100)));
        Assert.Equal([otherHost], await IdsAsync(new JobHistoryQuery("org-test", 100, HostId: "host-other")));
        Assert.Equal([otherServer], await IdsAsync(new JobHistoryQuery("org-test", 100, HostId: "host-test", ServerId: "other")));
        Assert.Equal([otherServer], await IdsAsync(new JobHistoryQuery("org-test", 100, ServerId: "other")));
        Assert.Equal([succeeded], await IdsAsync(new JobHistoryQuery("org-test", 100, State: JobState.Succeeded)));
        Assert.Equal([chat], await IdsAsync(new JobHistoryQuery("org-test", 100, Action: GameActions.ChatSay)));
        Assert.Equal([byBot], await IdsAsync(new JobHistoryQuery("org-test", 100, ActorId: "bot")));
        Assert.Equal([queued], await IdsAsync(new JobHistoryQuery("org-test", 100, To: Now.AddMinutes(-1))));
        Assert.Equal(5, await CountAsync(new JobHistoryQuery("org-test", 100, From: Now.AddMinutes(-1))));
        Assert.Empty(await IdsAsync(new JobHistoryQuery("org-test", 100, HostId: "host-other", ServerId: "other")));
    }

    [Fact]
    public async Task Sweep_deletes_only_jobs_created_before_the_retention()
    {
        await WriteJobAsync(Now - TimeSpan.FromDays(31));
        var recent = await WriteJobAsync(Now - TimeSpan.FromDays(29));
        var sweeper = new JobHistorySweeper(History, new FixedClock(Now), Options.Create(new JobHistoryOptions()), NullLogger<JobHistorySweeper>.Instance);

        var deleted = await sweeper.SweepAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(1, deleted);
        Assert.Equal([recent], await IdsAsync(new JobHistoryQuery("org-test", 10)));
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_refuses_the_state_write_with_it()
    {
        var storage = StorageWithFailingProjection();
        var jobId = Guid.NewGuid();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            storage.WriteStateAsync(JobStateName, JobGrainId(jobId), new TestGrainState<JobGrainState> { State = NewJob(Now) }).WithTimeout());

        var read = new TestGrainState<JobGrainState>();
        await JobStorage.ReadStateAsync(JobStateName, JobGrainId(jobId), read).WithTimeout();
        Assert.False(read.RecordExists);
        Assert.Empty((await History.ListAsync(new JobHistoryQuery("org-test", 10)).WithTimeout()).Jobs);
    }

    private async Task<Guid> WriteJobAsync(
        DateTimeOffset createdAt, string org = "org-test", string host = "host-test", string server = "main",
        JobState state = JobState.Queued, string action = GameActions.PlayersList, string actor = "test-admin")
    {
        var jobId = Guid.NewGuid();
        var job = NewJob(createdAt, org, host, server, action, actor);
        job.State = state;
        await JobStorage.WriteStateAsync(JobStateName, JobGrainId(jobId), new TestGrainState<JobGrainState> { State = job }).WithTimeout();
        return jobId;
    }

    private async Task<List<Guid>> IdsAsync(JobHistoryQuery query) =>
        [.. (await History.ListAsync(query).WithTimeout()).Jobs.Select(job => job.Id)];

    private async Task<int> CountAsync(JobHistoryQuery query) => (await IdsAsync(query)).Count;

    private static GrainId JobGrainId(Guid jobId) => GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateGuidKey(jobId));

    private static JobGrainState NewJob(
        DateTimeOffset createdAt, string org = "org-test", string host = "host-test", string server = "main",
        string action = GameActions.PlayersList, string actor = "test-admin") => new()
    {
        Spec = new JobSpec(
            org, host, server, action, ImmutableDictionary<string, string>.Empty,
            new Actor(ActorKind.Api, actor), createdAt, createdAt.AddMinutes(1), IdempotencyKey: null),
        State = JobState.Queued,
    };
}
