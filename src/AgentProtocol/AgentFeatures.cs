namespace GameOps.AgentProtocol;

/// <summary>
/// The names an agent lists in <c>Hello.features</c> for the additions to the agent channel it understands: the control
/// plane uses an addition only with an agent that listed it, so an older agent is spoken to as it expects.
/// </summary>
public static class AgentFeatures
{
    /// <summary>One <c>LogAcks</c> message for the servers one write stored, instead of a <c>LogAck</c> per server.</summary>
    public const string LogAcks = "log-acks";

    /// <summary>
    /// The agent keeps sending a server's batches while its acknowledgements are late by less than its window, so the
    /// control plane may acknowledge its lines at most once an interval instead of after every write (docs/adr/0041).
    /// </summary>
    public const string LogAckWindow = "log-ack-window";

    /// <summary>The most names a Hello may list.</summary>
    public const int MaxFeatures = 32;

    /// <summary>The longest name.</summary>
    public const int MaxFeatureLength = 64;
}
