using System.Collections.Immutable;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Agents;

/// <summary>What an agent says about itself when its stream opens.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.AgentHello")]
public sealed record AgentHello(
    [property: Id(0)] string AgentVersion,
    [property: Id(1)] ImmutableArray<GameServerDescriptor> Servers);
