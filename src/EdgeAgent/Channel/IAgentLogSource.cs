using GameOps.AgentProtocol;

namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// The game servers' lines waiting for the control plane. The stream's writer takes a batch whenever nothing more
/// urgent (a heartbeat, a job's update) is queued, so a burst of lines never holds those up.
/// </summary>
public interface IAgentLogSource
{
    /// <summary>A new stream: everything not acknowledged is to be sent again. Called under the channel's session lock.</summary>
    void Rewind();

    /// <summary>The next batch that is due (full, or its oldest line has waited long enough); false when none is.</summary>
    bool TryTakeBatch(out LogBatch batch);

    /// <summary>How long until the next batch is due; null when no line waits.</summary>
    TimeSpan? NextBatchDue();

    /// <summary>Completes when lines arrived since the last call.</summary>
    Task WaitForLinesAsync(CancellationToken cancellationToken);

    /// <summary>The control plane stored a server's lines up to the acknowledged number.</summary>
    void Acknowledge(LogAck ack);

    /// <summary>The control plane stored several servers' lines, each up to its acknowledged number.</summary>
    void Acknowledge(LogAcks acks);
}
