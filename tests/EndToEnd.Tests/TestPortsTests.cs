using System.Net;
using System.Net.Sockets;
using GameOps.TestSupport;

namespace GameOps.EndToEnd.Tests;

public sealed class TestPortsTests
{
    [Fact]
    public void Free_ports_lie_below_the_kernels_ephemeral_range_and_are_never_handed_out_twice()
    {
        // A port of the ephemeral range can be taken by any outgoing connection between the test picking it and the
        // process binding it: seen as a silo's "address already in use" in RoleLayoutTests.
        var ports = Enumerable.Range(0, 200).Select(_ => TestPorts.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 20_000, TestPorts.KernelEphemeralStart - 1));
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void Free_udp_ports_lie_below_the_kernels_ephemeral_range_too()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => TestPorts.FreeUdp()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 20_000, TestPorts.KernelEphemeralStart - 1));
        foreach (var port in ports)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
    }
}
