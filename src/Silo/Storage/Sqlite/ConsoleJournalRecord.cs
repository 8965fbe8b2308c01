using System.Collections.Immutable;
using System.Text;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Storage.Sqlite;

/// <summary>
/// The one journal row a console write appends (docs/adr/0045): the blocks of every server the write stores, each with
/// its host, server and first and last numbers, all of them <see cref="CompressedBytes"/> together, so a write adds
/// about a third of its text's bytes to the journal and moving the journal deletes a few large rows, not a row per server.
/// </summary>
internal static class ConsoleJournalRecord
{
    private const byte Version = 1;
    private const string What = "A console journal row";

    public static byte[] Encode(ImmutableArray<ConsoleBlocks.Block> blocks)
    {
        var size = 0;
        foreach (var block in blocks)
        {
            size += TextSize(block.HostId) + TextSize(block.ServerId) + VarUInt.Size(block.First) + VarUInt.Size(block.Last)
                + VarUInt.Size((ulong)block.Lines.Length) + block.Lines.Length;
        }

        var plain = new byte[size];
        var at = 0;
        foreach (var block in blocks)
        {
            at += WriteText(plain.AsSpan(at), block.HostId);
            at += WriteText(plain.AsSpan(at), block.ServerId);
            at += VarUInt.Write(plain.AsSpan(at), block.First);
            at += VarUInt.Write(plain.AsSpan(at), block.Last);
            at += VarUInt.Write(plain.AsSpan(at), (ulong)block.Lines.Length);
            block.Lines.CopyTo(plain.AsSpan(at));
            at += block.Lines.Length;
        }

        return CompressedBytes.Compress(Version, plain);
    }

    /// <exception cref="InvalidDataException">The row is of another version, or damaged.</exception>
    public static List<ConsoleBlocks.Block> Decode(ReadOnlySpan<byte> row)
    {
        if (row.IsEmpty || row[0] != Version)
        {
            throw new InvalidDataException($"{What} of version {(row.IsEmpty ? "none" : row[0])} cannot be read; this build reads version {Version}.");
        }

        var plain = CompressedBytes.Decompress(row, What).AsSpan();
        var blocks = new List<ConsoleBlocks.Block>();
        var at = 0;
        while (at < plain.Length)
        {
            var hostId = ReadText(plain, ref at);
            var serverId = ReadText(plain, ref at);
            var first = VarUInt.Read(plain, ref at, What);
            var last = VarUInt.Read(plain, ref at, What);
            var lines = Slice(plain, ref at).ToArray();
            blocks.Add(new ConsoleBlocks.Block(hostId, serverId, first, last, lines));
        }

        return blocks;
    }

    private static int TextSize(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return VarUInt.Size((ulong)length) + length;
    }

    private static int WriteText(Span<byte> destination, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var at = VarUInt.Write(destination, (ulong)length);
        return at + Encoding.UTF8.GetBytes(text, destination[at..]);
    }

    private static string ReadText(ReadOnlySpan<byte> source, ref int at) => Encoding.UTF8.GetString(Slice(source, ref at));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> source, ref int at)
    {
        var length = VarUInt.Read(source, ref at, What);
        if (length > (ulong)(source.Length - at))
        {
            throw new InvalidDataException($"{What} states a value of {length} bytes where {source.Length - at} are left.");
        }

        var slice = source.Slice(at, (int)length);
        at += (int)length;
        return slice;
    }
}
