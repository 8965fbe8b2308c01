using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Channel;
using Google.Protobuf.WellKnownTypes;

namespace GameOps.EdgeAgent.Health;

/// <summary>
/// The last probe result of every game server on this host. The monitor records into it; each new stream to the
/// control plane starts with its contents, so a state sent on a stream that then broke is not lost.
/// </summary>
public sealed class ServerHealthBoard : IAgentStreamReplay
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServerHealth> _latest = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="health"/> and says whether its state differs from the server's previous one (true for the first).</summary>
    public bool Record(ServerHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (_lock)
        {
            var changed = !_latest.TryGetValue(health.ServerId, out var previous) || previous.State != health.State;
            _latest[health.ServerId] = health;
            return changed;
        }
    }

    /// <summary>The last result for <paramref name="serverId"/>, or null before its first probe.</summary>
    public ServerHealth? Latest(string serverId)
    {
        lock (_lock)
        {
            return _latest.GetValueOrDefault(serverId)?.Clone();
        }
    }

    public IEnumerable<AgentMessage> MessagesForNewStream()
    {
        lock (_lock)
        {
            return [.. _latest.Values.Select(health => new AgentMessage { ServerHealth = health.Clone() })];
        }
    }

    internal static ServerHealth Create(string serverId, ServerState state, string detail, DateTimeOffset checkedAt) => new()
    {
        ServerId = serverId,
        State = state,
        Detail = detail,
        CheckedAt = Timestamp.FromDateTimeOffset(checkedAt),
    };
}
