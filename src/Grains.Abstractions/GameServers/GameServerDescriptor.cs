using System.Collections.Immutable;

namespace GameOps.Grains.GameServers;

/// <summary>A game server as its host's agent declares it; address and password never leave the host.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.GameServerDescriptor")]
public sealed record GameServerDescriptor(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Kind,
    [property: Id(3)] ImmutableArray<string> Capabilities);
