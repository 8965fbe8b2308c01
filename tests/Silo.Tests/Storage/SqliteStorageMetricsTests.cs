using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using GameOps.AgentProtocol;
using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Grains.Observability;
using GameOps.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>What the embedded store counts of its writes: the counts the benchmark prices a job's writes with.</summary>
public sealed class SqliteStorageMetricsTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _directory = Directory.CreateTempSubdirectory("gameops-sqlite-").FullName;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_job_write_counts_its_state_its_history_row_and_its_commit()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        var metrics = new GameOpsMetrics(meters);
        using var writes = new MetricCollector<long>(meters, GameOpsMetrics.MeterName, "gameops.storage.writes");
        using var rows = new MetricCollector<long>(meters, GameOpsMetrics.MeterName, "gameops.storage.rows");
        using var rowBytes = new MetricCollector<long>(meters, GameOpsMetrics.MeterName, "gameops.storage.rows.written");
        using var commits = new MetricCollector<long>(meters, GameOpsMetrics.MeterName, "gameops.storage.commits");
        await using var database = new SqliteDatabase(
            Options.Create(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "gameops.db") }), NullLogger<SqliteDatabase>.Instance, metrics);
        var history = new SqliteJobHistory(database, SqliteTestDatabase.Serializer);
        var storage = new SqliteGrainStorage(
            "gameops", database, new OrleansGrainStorageSerializer(SqliteTestDatabase.Serializer), NullLogger<SqliteGrainStorage>.Instance, [history], metrics);
        var createdAt = new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
        var job = new TestGrainState<JobGrainState>
        {
            State = new JobGrainState
            {
                Spec = new JobSpec(
                    "org-test", "host-test", "main", GameActions.PlayersList, ImmutableDictionary<string, string>.Empty,
                    new Actor(ActorKind.Api, "test-admin"), createdAt, createdAt.AddMinutes(1), IdempotencyKey: null),
                State = JobState.Queued,
            },
        };
        var grainId = GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateGuidKey(Guid.CreateVersion7(createdAt)));

        await storage.WriteStateAsync(SqliteJobHistory.JobStateName, grainId, job).WithTimeout();
        job.State.State = JobState.Succeeded;
        await storage.WriteStateAsync(SqliteJobHistory.JobStateName, grainId, job).WithTimeout();

        Assert.Equal(2, writes.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, rows.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(rows.GetMeasurementSnapshot(), row => Assert.Equal("job_history", row.Tags["table"]));
        Assert.InRange(rowBytes.GetMeasurementSnapshot().EvaluateAsCounter(), 2, 4096);
        Assert.Equal(2, commits.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
