using GameOps.Grains.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RecentJobLogTests(ClusterFixture fixture)
{
    private static Guid[] NewIds(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];

    [Fact]
    public void Lists_newest_first_and_forgets_the_oldest_beyond_the_limit()
    {
        var log = new RecentJobLog();
        var ids = NewIds(7);

        foreach (var id in ids)
        {
            log.Add(id, idempotencyKey: null, limit: 5);
        }

        Assert.Equal(5, log.Count);
        Assert.Equal(ids.Reverse().Take(5), log.NewestFirst(10));
        Assert.Equal([ids[6], ids[5]], log.NewestFirst(2));
        Assert.Empty(log.NewestFirst(0));
    }

    [Fact]
    public void Idempotency_key_finds_its_job_until_the_job_is_forgotten()
    {
        var log = new RecentJobLog();
        var ids = NewIds(4);
        log.Add(ids[0], "restart-1", limit: 3);
        log.Add(ids[1], null, limit: 3);
        log.Add(ids[2], "restart-2", limit: 3);

        Assert.Equal(ids[0], log.FindByKey("restart-1"));
        Assert.Equal(ids[2], log.FindByKey("restart-2"));
        Assert.Null(log.FindByKey("restart-3"));

        log.Add(ids[3], null, limit: 3);

        Assert.Null(log.FindByKey("restart-1"));
        Assert.Equal(ids[2], log.FindByKey("restart-2"));
    }

    [Fact]
    public void Survives_the_storage_serializer()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var log = new RecentJobLog();
        var ids = NewIds(3);
        log.Add(ids[0], "key-a", limit: 200);
        log.Add(ids[1], null, limit: 200);
        log.Add(ids[2], "key-c", limit: 200);

        var copy = serializer.Deserialize<RecentJobLog>(serializer.SerializeToArray(log))!;

        Assert.Equal(log.NewestFirst(200), copy.NewestFirst(200));
        Assert.Equal(ids[0], copy.FindByKey("key-a"));
        Assert.Equal(ids[2], copy.FindByKey("key-c"));
    }
}
