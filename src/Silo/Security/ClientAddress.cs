using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace GameOps.Silo.Security;

/// <summary>
/// A client as the limits count it: an IPv4 address, or an IPv6 client's /64 (one machine usually holds the whole prefix
/// and could otherwise rotate addresses), both as an IPv6 address's 128 bits.
/// </summary>
public readonly record struct ClientAddress(UInt128 Value, bool Known)
{
    private static readonly UInt128 Prefix64 = UInt128.MaxValue << 64;

    public static ClientAddress Of(IPAddress? address)
    {
        if (address is null)
        {
            return new ClientAddress(0, Known: false);
        }

        Span<byte> bytes = stackalloc byte[16];
        var ipv6 = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        ipv6.TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return new ClientAddress(ipv6.IsIPv4MappedToIPv6 ? value : value & Prefix64, Known: true);
    }

    /// <summary>The address as a log line shows it: <c>203.0.113.7</c>, <c>2001:db8:1:2::/64</c>.</summary>
    public override string ToString()
    {
        if (!Known)
        {
            return "an unknown address";
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : $"{address}/64";
    }
}
