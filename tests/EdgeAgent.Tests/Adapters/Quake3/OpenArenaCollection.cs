namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>The tests that share one real OpenArena server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OpenArenaCollection : ICollectionFixture<OpenArenaFixture>
{
    public const string Name = "OpenArena server";
}
