using System.Net.Sockets;

namespace GameOps.TestSupport;

/// <summary>How an accept loop of a test double ends when its <see cref="TcpListener"/> is stopped.</summary>
public static class StoppedListener
{
    /// <summary>
    /// Whether <paramref name="exception"/> is an accept ending because its listener stopped: one under way throws
    /// <see cref="ObjectDisposedException"/>, <see cref="SocketException"/> or, with its token cancelled,
    /// <see cref="OperationCanceledException"/>; one the loop starts after <see cref="TcpListener.Stop"/> throws
    /// <see cref="InvalidOperationException"/> ("Not listening").
    /// </summary>
    public static bool Ended(Exception exception) =>
        exception is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException;
}
