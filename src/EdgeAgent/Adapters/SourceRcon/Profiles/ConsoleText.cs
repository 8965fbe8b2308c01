using System.Globalization;
using System.Net;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>Small pure helpers the answer parsers share. Every one runs in time linear in its input.</summary>
internal static class ConsoleText
{
    /// <summary>Reads up to 9 ASCII digits at the start of <paramref name="text"/> (no sign, no overflow).</summary>
    public static bool TryReadNumber(ReadOnlySpan<char> text, out int value, out int length)
    {
        value = 0;
        length = 0;
        while (length < text.Length && length < 9 && char.IsAsciiDigit(text[length]))
        {
            value = (value * 10) + (text[length] - '0');
            length++;
        }

        return length > 0 && (length == text.Length || !char.IsAsciiDigit(text[length]));
    }

    public static int? ParseInt(string? text) =>
        text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Splits on runs of whitespace, keeping at most <paramref name="max"/> tokens (the rest is dropped).</summary>
    public static List<string> Tokens(ReadOnlySpan<char> text, int max)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length && tokens.Count < max)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add(text[start..i].ToString());
            }
        }

        return tokens;
    }

    /// <summary>The address part of <c>host:port</c> or <c>[v6]:port</c> when it is an IP address; null otherwise.</summary>
    public static string? IpOf(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return null;
        }

        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : endpoint;
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        // IPAddress also reads "1234" as an IPv4 address; a console prints dotted or colon forms only.
        return host.AsSpan().IndexOfAny('.', ':') >= 0 && IPAddress.TryParse(host, out var address) ? address.ToString() : null;
    }
}
