using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainFactoryExtensionsTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Host_reference_is_the_one_GetGrain_gives_and_reaches_the_same_grain()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var hostId = host.GetPrimaryKeyString();

        var fast = Grains.GetHostGrain(hostId);

        AssertSameReference(host, fast);
        Assert.Equal(await host.GetAsync(), await fast.GetAsync());
    }

    [Fact]
    public async Task Job_reference_is_the_one_GetGrain_gives_and_reaches_the_same_grain()
    {
        var host = await TestData.RegisteredHostAsync(Grains);
        var submitted = (await host.SubmitJobAsync(TestData.Job())).Job;

        var fast = Grains.GetJobGrain(submitted.Id);

        AssertSameReference(Grains.GetGrain<IJobGrain>(submitted.Id), fast);
        Assert.Equal(submitted, await fast.GetAsync());
        Assert.NotEqual(((GrainReference)Grains.GetJobGrain(Guid.NewGuid())).GrainId, ((GrainReference)fast).GrainId);
    }

    [Fact]
    public void Host_reference_needs_an_id()
    {
        Assert.ThrowsAny<ArgumentException>(() => Grains.GetHostGrain(" "));
    }

    private static void AssertSameReference(IAddressable expected, IAddressable actual)
    {
        var (e, a) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
    }
}
