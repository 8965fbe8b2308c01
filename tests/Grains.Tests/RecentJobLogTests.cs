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
            log.Add(id, limit: 5);
        }

        Assert.Equal(5, log.Count);
        Assert.Equal(ids.Reverse().Take(5), log.NewestFirst(10));
        Assert.Equal([ids[6], ids[5]], log.NewestFirst(2));
        Assert.Empty(log.NewestFirst(0));
    }

    [Fact]
    public void Survives_the_storage_serializer()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var log = new RecentJobLog();
        var ids = NewIds(3);
        foreach (var id in ids)
        {
            log.Add(id, limit: 200);
        }

        var copy = serializer.Deserialize<RecentJobLog>(serializer.SerializeToArray(log))!;

        Assert.Equal(log.NewestFirst(200), copy.NewestFirst(200));
    }
}
