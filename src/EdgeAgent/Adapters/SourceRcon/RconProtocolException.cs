namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// The bytes on a Source RCON connection break the protocol (a size outside 10..4096, a packet not ended by
/// two NUL bytes, an answer larger than allowed). The connection cannot be trusted afterwards.
/// </summary>
public sealed class RconProtocolException : Exception
{
    public RconProtocolException()
        : base("The Source RCON peer sent bytes that break the protocol.")
    {
    }

    public RconProtocolException(string message)
        : base(message)
    {
    }

    public RconProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
