namespace GameOps.Grains.Tests;

/// <summary>
/// Tests that set the domain clock to a chosen instant (<see cref="ManualDomainClock.SetTo"/>), months away from now,
/// share a cluster of their own: the other tests' grains never see their clock jump.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SetClockClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "set-clock cluster";
}
