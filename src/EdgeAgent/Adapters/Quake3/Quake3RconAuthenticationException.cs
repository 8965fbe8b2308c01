namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// The server answered an rcon request with <c>Bad rconpassword.</c>, or with <c>No rconpassword set on the server.</c>
/// when its rcon is off. The message never holds the password.
/// </summary>
public sealed class Quake3RconAuthenticationException : Exception
{
    public Quake3RconAuthenticationException()
        : base("The Quake 3 server refused the rcon password.")
    {
    }

    public Quake3RconAuthenticationException(string message)
        : base(message)
    {
    }

    public Quake3RconAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server has no <c>rconpassword</c>, so it refuses every rcon request whatever the password.</summary>
    public bool RconDisabled { get; init; }
}
