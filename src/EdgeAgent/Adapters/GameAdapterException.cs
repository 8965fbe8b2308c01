namespace GameOps.EdgeAgent.Adapters;

/// <summary>
/// An action could not run or did not complete: bad arguments, the game unreachable, a refused password, a broken
/// protocol. The message names the server by id and says what happened; it is sent to the control plane as the
/// job's error, so it never holds a password or the console's address.
/// </summary>
public sealed class GameAdapterException : Exception
{
    public GameAdapterException()
        : base("The game adapter could not run the action.")
    {
    }

    public GameAdapterException(string message)
        : base(message)
    {
    }

    public GameAdapterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether the failure was on the way to the game rather than in its answer: the connection was refused or reset,
    /// or the game did not answer in time. Every adapter wraps those exceptions as the inner exception.
    /// </summary>
    public bool IsTransportFailure => InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException;
}
