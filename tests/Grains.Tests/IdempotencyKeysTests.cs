using GameOps.Grains.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyKeysTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    [Fact]
    public void A_key_finds_its_job_until_it_expires()
    {
        var keys = new IdempotencyKeys();
        var job = Guid.NewGuid();

        keys.Add("restart-1", job, Now, Now + Window);

        Assert.Equal(job, keys.Find("restart-1", Now + Window - TimeSpan.FromTicks(1)));
        Assert.Null(keys.Find("restart-1", Now + Window));
        Assert.Null(keys.Find("restart-2", Now));
    }

    [Fact]
    public void Expired_keys_are_forgotten_when_a_key_is_added_after_them()
    {
        var keys = new IdempotencyKeys();
        keys.Add("old-1", Guid.NewGuid(), Now, Now + Window);
        keys.Add("old-2", Guid.NewGuid(), Now.AddHours(1), Now.AddHours(1) + Window);

        keys.Add("new", Guid.NewGuid(), Now + Window, Now + Window + Window);

        Assert.Equal(2, keys.Count);
        keys.Add("newer", Guid.NewGuid(), Now.AddHours(1) + Window, Now.AddHours(1) + Window + Window);
        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public void Survives_the_storage_serializer()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var keys = new IdempotencyKeys();
        var job = Guid.NewGuid();
        keys.Add("key-a", job, Now, Now + Window);

        var copy = serializer.Deserialize<IdempotencyKeys>(serializer.SerializeToArray(keys))!;

        Assert.Equal(job, copy.Find("key-a", Now));
        Assert.Null(copy.Find("key-a", Now + Window));
    }
}
