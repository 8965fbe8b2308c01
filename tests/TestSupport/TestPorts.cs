using System.Net;
using System.Net.Sockets;

namespace GameOps.TestSupport;

public static class TestPorts
{
    /// <summary>A loopback port the kernel just handed out and that nothing listens on now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
