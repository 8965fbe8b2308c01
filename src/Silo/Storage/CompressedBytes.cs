using System.Buffers;
using System.IO.Compression;

namespace GameOps.Silo.Storage;

/// <summary>
/// Bytes stored compressed (docs/adr/0045): a format byte, their length as a <see cref="VarUInt"/>, then Brotli at its
/// fastest quality. Console text shrinks to about a third; at 20,000 lines a second that costs a few per cent of a core
/// and saves the disk two of every three bytes it would write for them.
/// </summary>
internal static class CompressedBytes
{
    /// <summary>The most bytes a stored value may stand for; a larger stated length is a damaged value, not a big one.</summary>
    public const int MaxLength = 64 * 1024 * 1024;

    private const int Quality = 1;

    // 64 KiB back: a console write holds at most a few thousand lines, and a smaller window keeps the coder's memory small.
    private const int Window = 16;

    /// <summary><paramref name="format"/>, the length of <paramref name="plain"/>, then <paramref name="plain"/> compressed.</summary>
    public static byte[] Compress(byte format, ReadOnlySpan<byte> plain)
    {
        var header = 1 + VarUInt.Size((ulong)plain.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(header + BrotliEncoder.GetMaxCompressedLength(plain.Length));
        try
        {
            buffer[0] = format;
            VarUInt.Write(buffer.AsSpan(1), (ulong)plain.Length);
            if (!BrotliEncoder.TryCompress(plain, buffer.AsSpan(header), out var written, Quality, Window))
            {
                throw new InvalidOperationException($"Brotli could not compress {plain.Length} bytes into the buffer its own bound sized.");
            }

            return buffer.AsSpan(0, header + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The bytes <paramref name="stored"/> (as <see cref="Compress"/> wrote them, its format byte included) stands for.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> stored, string what)
    {
        var at = 1;
        var length = VarUInt.Read(stored, ref at, what);
        if (length > MaxLength)
        {
            throw new InvalidDataException($"{what} states {length} bytes compressed, more than the {MaxLength} any is written with.");
        }

        var plain = new byte[(int)length];
        if (!BrotliDecoder.TryDecompress(stored[at..], plain, out var written) || written != plain.Length)
        {
            throw new InvalidDataException($"{what} does not decompress to the {length} bytes it states.");
        }

        return plain;
    }
}
