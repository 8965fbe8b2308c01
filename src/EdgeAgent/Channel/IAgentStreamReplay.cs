using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// State the control plane must hear again on every new stream, because whatever was sent on an earlier stream may
/// have been lost with it. Asked once per stream, after Hello and the re-sent job results, before anything else.
/// </summary>
public interface IAgentStreamReplay
{
    /// <summary>The messages to queue on a new stream. Called under the channel's session lock: keep it quick and non-blocking.</summary>
    IEnumerable<AgentMessage> MessagesForNewStream();
}
