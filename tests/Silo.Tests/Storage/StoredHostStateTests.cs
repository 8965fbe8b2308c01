using System.Collections.Immutable;
using GameOps.Grains;
using GameOps.Grains.Agents;
using GameOps.Grains.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using GameOps.Silo.Storage.Sqlite;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>Host states already stored in a database file stay readable as the host's state changes shape.</summary>
public sealed class StoredHostStateTests : IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer
            .AddAssembly(typeof(Actor).Assembly)
            .AddAssembly(typeof(StorageNames).Assembly)
            .AddAssembly(typeof(StoredHostStateTests).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private readonly SqliteTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_host_state_stored_with_its_recent_job_ids_is_read_without_them()
    {
        var storage = new SqliteGrainStorage(
            "gameops", _db.Database, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance);
        var grain = GrainId.Create("host", "h-stored");
        var job = new AgentJob(Guid.CreateVersion7(), "main", "players.list", ImmutableDictionary<string, string>.Empty, DateTimeOffset.UnixEpoch.AddHours(1));
        var stored = new TestGrainState<HostStateWithRecentJobs>
        {
            State = new HostStateWithRecentJobs
            {
                OrgId = "org-a",
                Name = "Box one",
                Outbox = [new OutboxJob(job, DateTimeOffset.UnixEpoch.AddMinutes(30))],
                AgentVersion = "1.4.0",
                RecentJobs = new RecentJobIds { Ids = [.. Enumerable.Range(0, 200).SelectMany(_ => Guid.NewGuid().ToByteArray())] },
            },
        };
        await storage.WriteStateAsync("host", grain, stored).WithTimeout();

        var read = new TestGrainState<HostState>();
        await storage.ReadStateAsync("host", grain, read).WithTimeout();

        Assert.Equal(("org-a", "Box one", "1.4.0"), (read.State.OrgId, read.State.Name, read.State.AgentVersion));
        Assert.Equal(job.JobId, Assert.Single(read.State.Outbox).Job.JobId);
        Assert.Equal(stored.ETag, read.ETag);
    }
}
