using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Channel;

namespace GameOps.EdgeAgent.Tests.Health;

/// <summary>An open stream that records what the agent queued on it.</summary>
public sealed class RecordingOutbox : IAgentOutbox
{
    public MessageLog<AgentMessage> Sent { get; } = new();

    public bool TrySend(AgentMessage message)
    {
        Sent.Add(message);
        return true;
    }

    public IReadOnlyList<ServerHealth> Health() =>
        [.. Sent.Snapshot().Where(message => message.ServerHealth is not null).Select(message => message.ServerHealth)];

    public Task<AgentMessage> WaitForAsync(ServerState state, string what, int count = 1) =>
        WaitForAsync(health => health.State == state, what, count);

    public async Task<AgentMessage> WaitForAsync(Func<ServerHealth, bool> predicate, string what, int count = 1)
    {
        var matches = await Sent.WaitForCountAsync(message => message.ServerHealth is { } health && predicate(health), count, what);
        return matches[^1];
    }
}
