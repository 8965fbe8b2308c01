using System.Collections.Immutable;
using GameOps.Grains.GameServers;

namespace GameOps.Grains.Agents;

/// <summary>What an agent says about itself when its stream opens.</summary>
/// <param name="InstanceId">Random for each start of the agent process; empty from an agent that does not say.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AgentHello")]
public sealed record AgentHello(
    [property: Id(0)] string AgentVersion,
    [property: Id(1)] ImmutableArray<GameServerDescriptor> Servers,
    [property: Id(2)] string InstanceId = "");
