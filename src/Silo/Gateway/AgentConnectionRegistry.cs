using System.Collections.Concurrent;
using GameOps.Grains.Observability;

namespace GameOps.Silo.Gateway;

/// <summary>The agent streams open on this silo. It also keeps each connection strongly referenced: the runtime holds grain observers only weakly.</summary>
public sealed class AgentConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, AgentConnection> _connections = new();

    public AgentConnectionRegistry(GameOpsMetrics metrics) => metrics.ObserveConnectedAgents(() => _connections.Count);

    public int Count => _connections.Count;

    public IEnumerable<AgentConnection> Connections => _connections.Values;

    public void Add(AgentConnection connection) => _connections[connection.Id] = connection;

    public void Remove(AgentConnection connection) => _connections.TryRemove(connection.Id, out _);
}
