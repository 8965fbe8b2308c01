namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// The Source RCON server refused the password (its SERVERDATA_AUTH_RESPONSE carried id −1).
/// The message names the server, never the password.
/// </summary>
public sealed class RconAuthenticationException : Exception
{
    public RconAuthenticationException()
        : base("The Source RCON server rejected the password.")
    {
    }

    public RconAuthenticationException(string message)
        : base(message)
    {
    }

    public RconAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
