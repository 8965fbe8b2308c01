using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Channel;

/// <summary>The way into the agent's stream for parts of the agent other than jobs (the health monitor).</summary>
public interface IAgentOutbox
{
    /// <summary>
    /// Queues <paramref name="message"/> on the open stream, behind what is already queued; the stream's single writer
    /// sends it. Returns false between streams, when the message is dropped: state that must survive a reconnect is
    /// re-sent through <see cref="IAgentStreamReplay"/>.
    /// </summary>
    bool TrySend(AgentMessage message);
}
