namespace GameOps.Silo.Gateway;

/// <summary>An agent sent something the protocol does not allow; the stream ends with InvalidArgument and this message.</summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException() { }

    public ProtocolViolationException(string message) : base(message) { }

    public ProtocolViolationException(string message, Exception innerException) : base(message, innerException) { }
}
