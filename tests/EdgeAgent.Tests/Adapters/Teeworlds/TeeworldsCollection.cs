namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>The tests that share one real Teeworlds server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class TeeworldsCollection : ICollectionFixture<TeeworldsFixture>
{
    public const string Name = "Teeworlds server";
}
