using System.Collections.Immutable;
using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Silo.Jobs;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using GameOps.AgentProtocol;

namespace GameOps.Silo.Tests.Storage;

/// <summary>Job history rows kept by the grain storage's own writes, and their retention.</summary>
public sealed class SqliteJobHistoryTests : IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(JobView).Assembly).AddAssembly(typeof(JobGrainState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();
    private readonly SqliteJobHistory _history;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public SqliteJobHistoryTests() => _history = new SqliteJobHistory(_db.Database, Serializer);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Sweep_deletes_only_jobs_created_before_the_retention()
    {
        var storage = Storage(_history);
        var old = await WriteJobAsync(storage, _clock.UtcNow - TimeSpan.FromDays(31));
        var recent = await WriteJobAsync(storage, _clock.UtcNow - TimeSpan.FromDays(29));
        var sweeper = new JobHistorySweeper(_history, _clock, Options.Create(new JobHistoryOptions()), NullLogger<JobHistorySweeper>.Instance);

        var deleted = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal([recent], (await _history.ListAsync(new JobHistoryQuery("org-test", 10))).Jobs.Select(j => j.Id));
        Assert.DoesNotContain(old, (await _history.ListAsync(new JobHistoryQuery("org-test", 10))).Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task Each_write_of_the_job_keeps_one_row_with_its_latest_state()
    {
        var storage = Storage(_history);
        var state = NewJob(_clock.UtcNow);
        var jobId = Guid.NewGuid();
        var grainState = Box(state);
        await storage.WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), grainState);

        state.State = JobState.Succeeded;
        state.Output = "2 players";
        await storage.WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), grainState);

        var listed = Assert.Single((await _history.ListAsync(new JobHistoryQuery("org-test", 10))).Jobs);
        Assert.Equal((jobId, JobState.Succeeded, "2 players"), (listed.Id, listed.State, listed.Output));
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_refuses_the_state_write_with_it()
    {
        var storage = Storage(new FailingProjection());
        var jobId = Guid.NewGuid();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            storage.WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), Box(NewJob(_clock.UtcNow))));

        var read = new TestGrainState<JobGrainState>();
        await storage.ReadStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), read);
        Assert.False(read.RecordExists);
    }

    private static async Task<Guid> WriteJobAsync(SqliteGrainStorage storage, DateTimeOffset createdAt)
    {
        var jobId = Guid.NewGuid();
        await storage.WriteStateAsync(SqliteJobHistory.JobStateName, JobGrainId(jobId), Box(NewJob(createdAt)));
        return jobId;
    }

    private SqliteGrainStorage Storage(ISqliteStateProjection projection) =>
        new("gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance, [projection]);

    private static TestGrainState<JobGrainState> Box(JobGrainState state) => new() { State = state };

    private static GrainId JobGrainId(Guid jobId) => GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateGuidKey(jobId));

    private static JobGrainState NewJob(DateTimeOffset createdAt) => new()
    {
        Spec = new JobSpec(
            "org-test", "host-test", "main", GameActions.PlayersList, ImmutableDictionary<string, string>.Empty,
            new Actor(ActorKind.Api, "test-admin"), createdAt, createdAt.AddMinutes(1), IdempotencyKey: null),
        State = JobState.Queued,
    };

    private sealed class FailingProjection : ISqliteStateProjection, ISqliteProjectedRow
    {
        public ISqliteProjectedRow? Prepare(string stateName, GrainId grainId, object? state) => this;

        public void Write(SqliteSession session) => throw new InvalidOperationException("The row could not be written.");
    }

    private sealed class ManualClock(DateTimeOffset now) : IDomainClock
    {
        public DateTimeOffset UtcNow { get; } = now;
    }
}
