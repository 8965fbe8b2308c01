using System.Net;
using System.Net.Sockets;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// HTTP handlers whose connections come from a chosen loopback address (all of 127.0.0.0/8 is the loopback interface
/// on Linux), so one test process can be several clients to the silo, each with its own address.
/// </summary>
internal static class LoopbackClient
{
    public static SocketsHttpHandler From(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
