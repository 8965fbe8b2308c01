using GameOps.Grains.Platform;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PlatformGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Admin_key_is_initialized_once()
    {
        var platform = fixture.Grains.GetGrain<IPlatformGrain>(Random.Shared.NextInt64(1000, long.MaxValue));
        var first = TestData.NewHash();
        var second = TestData.NewHash();

        Assert.True(await platform.TryInitializeAdminKeyAsync(first));
        Assert.False(await platform.TryInitializeAdminKeyAsync(second));
        Assert.True(await platform.IsAdminKeyAsync(first));
        Assert.False(await platform.IsAdminKeyAsync(second));
    }

    [Fact]
    public async Task No_key_matches_before_initialization()
    {
        var platform = fixture.Grains.GetGrain<IPlatformGrain>(Random.Shared.NextInt64(1000, long.MaxValue));

        Assert.False(await platform.IsAdminKeyAsync(new byte[32]));
    }
}
