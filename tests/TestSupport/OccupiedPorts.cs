using System.Net;
using System.Net.Sockets;

namespace GameOps.TestSupport;

/// <summary>
/// Holds the given loopback ports for a test's length, so a command that still binds one of them (a documented
/// default that slipped through) fails there as it would beside a developer's running GameOps. A port something
/// else holds already is left to it: it blocks the same way.
/// </summary>
public sealed class OccupiedPorts : IDisposable
{
    private readonly List<TcpListener> _listeners = [];

    private OccupiedPorts()
    {
    }

    public static OccupiedPorts Take(params int[] ports)
    {
        var occupied = new OccupiedPorts();
        foreach (var port in ports)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                occupied._listeners.Add(listener);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                listener.Dispose();
            }
        }

        return occupied;
    }

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _listeners.Clear();
    }
}
