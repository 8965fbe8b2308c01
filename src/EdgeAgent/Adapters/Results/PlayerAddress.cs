using System.Net;
using System.Net.Sockets;

namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>Reads the IP address out of the address a game prints for a player (<c>1.2.3.4:27960</c>, <c>[::1]:8303</c>, <c>bot</c>).</summary>
internal static class PlayerAddress
{
    /// <summary>The IP address without its port, or <see langword="null"/> when the text is not an address (a bot, <c>loopback</c>).</summary>
    public static string? ToIp(ReadOnlySpan<char> text)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            return close > 1 && IsPortSuffix(text[(close + 1)..]) ? Parse(text[1..close], AddressFamily.InterNetworkV6) : null;
        }

        var colons = text.Count(':');
        if (colons >= 2)
        {
            return Parse(text, AddressFamily.InterNetworkV6);
        }

        if (colons == 1)
        {
            var colon = text.IndexOf(':');
            return IsPortSuffix(text[colon..]) ? Parse(text[..colon], AddressFamily.InterNetwork) : null;
        }

        return Parse(text, AddressFamily.InterNetwork);
    }

    private static string? Parse(ReadOnlySpan<char> host, AddressFamily family)
    {
        // IPAddress alone also takes "1234" or "1.2" as IPv4 addresses, which no game means: four parts are required.
        if (family == AddressFamily.InterNetwork && host.Count('.') != 3)
        {
            return null;
        }

        return IPAddress.TryParse(host, out var address) && address.AddressFamily == family ? address.ToString() : null;
    }

    private static bool IsPortSuffix(ReadOnlySpan<char> text) =>
        text.Length is >= 2 and <= 6 && text[0] == ':' && !text[1..].ContainsAnyExceptInRange('0', '9');
}
