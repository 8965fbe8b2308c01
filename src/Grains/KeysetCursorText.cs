using System.Buffers.Binary;

namespace GameOps.Grains;

/// <summary>
/// The opaque text of a position in a listing ordered by (time, id): base64url of a version byte, the time in ticks and
/// the id (a GUID's 16 bytes, or a text id's UTF-8). Callers pass it back unchanged; anything else does not decode.
/// </summary>
public static class KeysetCursorText
{
    private const byte Version = 1;
    private const byte TextIdVersion = 2;
    private const int Size = 1 + sizeof(long) + 16;

    /// <summary>The longest text id a cursor holds, in UTF-8 bytes: an alert's (a rule id, a host id and a server id) fits.</summary>
    public const int MaxTextIdBytes = 256;

    public static string EncodeTextId(DateTimeOffset at, string id)
    {
        var idBytes = System.Text.Encoding.UTF8.GetBytes(id);
        if (idBytes.Length is 0 or > MaxTextIdBytes)
        {
            throw new ArgumentException($"A cursor's id is 1 to {MaxTextIdBytes} bytes of UTF-8.", nameof(id));
        }

        Span<byte> bytes = stackalloc byte[1 + sizeof(long) + idBytes.Length];
        bytes[0] = TextIdVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], at.UtcTicks);
        idBytes.CopyTo(bytes[9..]);
        return Base64Url(bytes);
    }

    public static bool TryDecodeTextId(string? text, out DateTimeOffset at, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id)
    {
        at = default;
        id = null;
        Span<byte> bytes = stackalloc byte[1 + sizeof(long) + MaxTextIdBytes + 3];
        if (!TryReadBase64Url(text, (1 + sizeof(long) + MaxTextIdBytes + 2) / 3 * 4, bytes, out var written)
            || written <= 9 || bytes[0] != TextIdVersion || !TryReadTicks(bytes, out at))
        {
            return false;
        }

        try
        {
            id = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[9..written]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string Encode(DateTimeOffset at, Guid id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], at.UtcTicks);
        id.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        return Base64Url(bytes);
    }

    public static bool TryDecode(string? text, out DateTimeOffset at, out Guid id)
    {
        at = default;
        id = default;
        Span<byte> bytes = stackalloc byte[48];
        if (!TryReadBase64Url(text, 64, bytes, out var written) || written != Size || bytes[0] != Version || !TryReadTicks(bytes, out at))
        {
            return false;
        }

        id = new Guid(bytes.Slice(9, 16), bigEndian: true);
        return true;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadBase64Url(string? text, int maxLength, Span<byte> bytes, out int written)
    {
        written = 0;
        if (text is null || text.Length == 0 || text.Length > maxLength)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        return Convert.TryFromBase64String(base64, bytes, out written);
    }

    private static bool TryReadTicks(ReadOnlySpan<byte> bytes, out DateTimeOffset at)
    {
        at = default;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
