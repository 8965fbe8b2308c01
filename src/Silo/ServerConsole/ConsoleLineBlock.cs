using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.Storage;

namespace GameOps.Silo.ServerConsole;

/// <summary>
/// The lines of one server that one write stores, as the one value of their row (docs/adr/0034): a version byte, then
/// per line its number, the ticks it was read at, whether it was cut, how many lines it stands for when it is a gap
/// marker, and its text in UTF-8 with its length. The blocks of one server's consecutive lines make one block by
/// <see cref="Join"/>: their lines one after the other. A block kept for long is stored <see cref="Compress"/>ed
/// (version 2, docs/adr/0045); both versions are read.
/// </summary>
public static class ConsoleLineBlock
{
    private const byte Version = 1;
    private const byte CompressedVersion = 2;
    private const string What = "A console line block";

    /// <summary>The block of <paramref name="lines"/>, numbered upwards.</summary>
    public static byte[] Encode(ImmutableArray<ConsoleLine> lines)
    {
        // Measured first, so the block is written once into an array of its size: a block is made for every batch.
        var size = 1;
        foreach (var line in lines)
        {
            ArgumentNullException.ThrowIfNull(line.Text, nameof(lines));
            var length = Encoding.UTF8.GetByteCount(line.Text);
            size += VarUInt.Size(line.Sequence) + 8 + 1 + VarUInt.Size(line.Dropped) + VarUInt.Size((ulong)length) + length;
        }

        var block = new byte[size];
        block[0] = Version;
        var at = 1;
        foreach (var line in lines)
        {
            at += VarUInt.Write(block.AsSpan(at), line.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(at), line.ReadAt.UtcTicks);
            block[at + 8] = line.Cut ? (byte)1 : (byte)0;
            at += 9;
            at += VarUInt.Write(block.AsSpan(at), line.Dropped);
            var length = Encoding.UTF8.GetByteCount(line.Text);
            at += VarUInt.Write(block.AsSpan(at), (ulong)length);
            at += Encoding.UTF8.GetBytes(line.Text, block.AsSpan(at, length));
        }

        return block;
    }

    /// <summary>
    /// The block (of version 1) compressed, or as it is when that would not be smaller: blocks of a line or two, or of
    /// text that does not compress.
    /// </summary>
    public static byte[] Compress(byte[] block)
    {
        var compressed = CompressedBytes.Compress(CompressedVersion, block.AsSpan(1));
        return compressed.Length < block.Length ? compressed : block;
    }

    /// <summary>Adds the block's lines numbered above <paramref name="after"/> to <paramref name="lines"/>, in their order.</summary>
    public static void Decode(ReadOnlySpan<byte> block, ulong after, ICollection<ConsoleLine> lines)
    {
        if (!block.IsEmpty && block[0] == CompressedVersion)
        {
            DecodeLines(CompressedBytes.Decompress(block, What), after, lines);
            return;
        }

        if (block.IsEmpty || block[0] != Version)
        {
            throw new InvalidDataException($"A console line block of version {(block.IsEmpty ? "none" : block[0])} cannot be read; this build reads versions {Version} and {CompressedVersion}.");
        }

        DecodeLines(block[1..], after, lines);
    }

    private static void DecodeLines(ReadOnlySpan<byte> block, ulong after, ICollection<ConsoleLine> lines)
    {
        var at = 0;
        while (at < block.Length)
        {
            var sequence = VarUInt.Read(block, ref at, What);
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(block[at..]);
            var cut = block[at + 8] != 0;
            at += 9;
            var dropped = VarUInt.Read(block, ref at, What);
            var length = (int)VarUInt.Read(block, ref at, What);
            if (sequence > after)
            {
                lines.Add(new ConsoleLine(sequence, new DateTimeOffset(ticks, TimeSpan.Zero), Encoding.UTF8.GetString(block.Slice(at, length)), cut, dropped));
            }

            at += length;
        }
    }

    /// <summary>One block of the lines of <paramref name="blocks"/> (each of version 1), in their order.</summary>
    public static byte[] Join(IReadOnlyList<byte[]> blocks)
    {
        if (blocks.Count == 1)
        {
            return blocks[0];
        }

        var joined = new byte[1 + blocks.Sum(block => block.Length - 1)];
        joined[0] = Version;
        var at = 1;
        foreach (var block in blocks)
        {
            block.AsSpan(1).CopyTo(joined.AsSpan(at));
            at += block.Length - 1;
        }

        return joined;
    }
}
