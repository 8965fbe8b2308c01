namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// The bytes on a Source RCON connection break the protocol (a size outside the accepted range, a packet not ended by
/// two NUL bytes, an answer larger than allowed). The connection cannot be trusted afterwards. The message says what
/// was wrong and holds neither the console's address nor anything the server sent, so a job's error may quote it.
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
