using System.Buffers.Binary;

namespace GameOps.Grains;

/// <summary>
/// The opaque text of a position in a newest-first listing ordered by (time, GUID): base64url of a version byte, the
/// time in ticks and the GUID. Callers pass it back unchanged; anything else does not decode.
/// </summary>
public static class KeysetCursorText
{
    private const byte Version = 1;
    private const int Size = 1 + sizeof(long) + 16;

    public static string Encode(DateTimeOffset at, Guid id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], at.UtcTicks);
        id.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, out DateTimeOffset at, out Guid id)
    {
        at = default;
        id = default;
        if (text is not { Length: > 0 and <= 64 })
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Size || bytes[0] != Version)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = new Guid(bytes.Slice(9, 16), bigEndian: true);
        return true;
    }
}
