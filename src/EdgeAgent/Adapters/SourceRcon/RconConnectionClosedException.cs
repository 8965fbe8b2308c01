namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// The server had closed the connection (a game restart ends every connection of the old process) before a request
/// was written: nothing of the request reached a server, so sending it on a new connection cannot run it twice.
/// </summary>
public sealed class RconConnectionClosedException : IOException
{
    public RconConnectionClosedException()
        : base("The RCON server had closed the connection before the request was sent; nothing was sent.")
    {
    }

    public RconConnectionClosedException(string message)
        : base(message)
    {
    }

    public RconConnectionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
