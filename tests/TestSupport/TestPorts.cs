using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GameOps.TestSupport;

public static class TestPorts
{
    // Below the kernel's ephemeral range: a port of that range, released here, can be taken by any outgoing connection
    // (Npgsql, Redis, HTTP clients of the tests running beside) before the process it was meant for binds it. A silo of
    // RoleLayoutTests failed to start that way ("address already in use"). The kernel hands out no port below the range
    // by itself, so only another test picking the same one at random could take it.
    private const int LowestPort = 20_000;
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback TCP port below the kernel's ephemeral range that nothing listens on now, not handed out before by this process.</summary>
    public static int Free() => Pick(CanListen);

    /// <summary>A loopback UDP port below the kernel's ephemeral range that nothing is bound to now, not handed out before by this process.</summary>
    public static int FreeUdp() => Pick(CanBindUdp);

    private static int Pick(Func<int, bool> isFree)
    {
        var end = KernelEphemeralStart;
        lock (Given)
        {
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, end);
                if (!Given.Contains(port) && isFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {LowestPort} and {end}.");
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range), 32768 where it cannot be read.</summary>
    public static int KernelEphemeralStart { get; } = ReadEphemeralStart();

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool CanBindUdp(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && start > LowestPort + 1_000)
        {
            return start;
        }

        return 32_768;
    }
}
