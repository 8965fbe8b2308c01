using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>A game console's <c>host:port</c>; an IPv6 host is written in brackets, <c>[::1]:27015</c>.</summary>
public readonly record struct ServerAddress(string Host, int Port)
{
    public static bool TryParse([NotNullWhen(true)] string? text, out ServerAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            return false; // An IPv6 address needs its brackets, or the port is ambiguous.
        }

        if (host.Length == 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        address = new ServerAddress(host, port);
        return true;
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
