namespace GameOps.Silo.Storage;

/// <summary>
/// An unsigned number in 7-bit groups, low group first, the high bit of each byte saying another follows: the stored
/// console line blocks (docs/adr/0034) and audit payloads (docs/adr/0040) write their numbers and lengths this way.
/// </summary>
internal static class VarUInt
{
    /// <summary>The most bytes a 64-bit number takes.</summary>
    public const int MaxBytes = 10;

    public static int Size(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads the number at the start of <paramref name="source"/>; false when the source ends inside it or it has more
    /// groups than a 64-bit number.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        for (var i = 0; i < source.Length && i < MaxBytes; i++)
        {
            var part = source[i];
            value |= (ulong)(part & 0x7F) << (7 * i);
            if (part < 0x80)
            {
                length = i + 1;
                return true;
            }
        }

        value = 0;
        length = 0;
        return false;
    }

    /// <summary>Reads the number at <paramref name="at"/> and moves past it; <paramref name="what"/> names the value in the error.</summary>
    /// <exception cref="InvalidDataException">The value ends inside the number or it is longer than 64 bits.</exception>
    public static ulong Read(ReadOnlySpan<byte> source, ref int at, string what)
    {
        if (!TryRead(source[at..], out var value, out var length))
        {
            throw new InvalidDataException($"{what} ends inside a number or holds one longer than 64 bits.");
        }

        at += length;
        return value;
    }
}
