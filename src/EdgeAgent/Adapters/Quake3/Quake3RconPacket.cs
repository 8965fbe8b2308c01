using System.Text;

namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// The datagrams of Quake 3's out-of-band rcon, as id Tech 3 engines (ioquake3 and its forks: OpenArena, Urban
/// Terror; Call of Duty 2/4) exchange them: every connectionless packet starts with four 0xFF bytes, a request is the
/// single text line <c>rcon &lt;password&gt; &lt;command&gt;</c>, and each answer datagram is <c>print\n</c>
/// followed by a slice of the console output. Nothing marks the last slice.
/// </summary>
public static class Quake3RconPacket
{
    /// <summary>
    /// The longest request line the engine reads: it copies the line after the 0xFF marker into a buffer of
    /// MAX_STRING_CHARS (1024) bytes, NUL included, and silently cuts the rest.
    /// </summary>
    public const int MaxRequestLineBytes = 1023;

    private static ReadOnlySpan<byte> Marker => [0xFF, 0xFF, 0xFF, 0xFF];

    private static ReadOnlySpan<byte> PrintHeader => "print\n"u8;

    private static ReadOnlySpan<byte> RconVerb => "rcon "u8;

    /// <summary>
    /// Whether <paramref name="password"/> survives the engine's tokenizer as one word: the server takes the password
    /// as the second whitespace-separated word, treats quotes as grouping and <c>//</c> or <c>/*</c> as the start of a
    /// comment, and ends the line at a line break.
    /// </summary>
    public static bool IsSendablePassword(string password) =>
        !string.IsNullOrEmpty(password)
        && !password.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '"')
        && !password.Contains("//", StringComparison.Ordinal)
        && !password.Contains("/*", StringComparison.Ordinal);

    /// <summary>The length of the request line for <paramref name="command"/> (marker excluded), to check against <see cref="MaxRequestLineBytes"/>.</summary>
    public static int GetRequestLineLength(string password, string command) =>
        RconVerb.Length + Encoding.UTF8.GetByteCount(password) + 1 + Encoding.UTF8.GetByteCount(command);

    /// <summary>Encodes <c>\xff\xff\xff\xffrcon &lt;password&gt; &lt;command&gt;</c>. The caller clears the array after sending: it holds the password.</summary>
    /// <exception cref="ArgumentException">The password cannot be sent, the command holds a line break or NUL, or the line is longer than <see cref="MaxRequestLineBytes"/>.</exception>
    public static byte[] EncodeRequest(string password, string command)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(command);
        if (!IsSendablePassword(password))
        {
            throw new ArgumentException("The rcon password must be one word without quotes, control characters or '//'.", nameof(password));
        }

        if (command.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("An rcon command must be a single line without NUL characters.", nameof(command));
        }

        var lineLength = GetRequestLineLength(password, command);
        if (lineLength > MaxRequestLineBytes)
        {
            throw new ArgumentException(
                $"An rcon request line may be at most {MaxRequestLineBytes} bytes; this one is {lineLength} bytes.", nameof(command));
        }

        var request = new byte[Marker.Length + lineLength];
        var span = request.AsSpan();
        Marker.CopyTo(span);
        var written = Marker.Length;
        RconVerb.CopyTo(span[written..]);
        written += RconVerb.Length;
        written += Encoding.UTF8.GetBytes(password, span[written..]);
        span[written++] = (byte)' ';
        Encoding.UTF8.GetBytes(command, span[written..]);
        return request;
    }

    /// <summary>
    /// Reads one answer datagram: returns <see langword="true"/> and the console text it carries when it is a
    /// <c>print</c> packet, <see langword="false"/> for anything else (another connectionless reply, a stray packet).
    /// </summary>
    public static bool TryReadPrint(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> text)
    {
        if (datagram.StartsWith(Marker) && datagram[Marker.Length..].StartsWith(PrintHeader))
        {
            text = datagram[(Marker.Length + PrintHeader.Length)..];
            return true;
        }

        text = default;
        return false;
    }
}
