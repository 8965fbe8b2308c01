using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Storage;
using GameOps.Silo.Storage.Sqlite;

namespace GameOps.Silo.Tests.Storage;

/// <summary>Console lines stored compressed (docs/adr/0045): moved blocks and journal rows read back as written, and damaged ones are refused.</summary>
public sealed class ConsoleCompressionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_compressed_block_reads_as_its_lines_and_is_smaller()
    {
        var lines = Lines(1, 40);
        var plain = ConsoleLineBlock.Encode(lines);

        var compressed = ConsoleLineBlock.Compress(plain);

        Assert.True(compressed.Length * 2 < plain.Length, $"{compressed.Length} bytes compressed of {plain.Length}");
        Assert.Equal(lines, Decode(compressed, after: 0));
        Assert.Equal(lines.Skip(30), Decode(compressed, after: 30));
    }

    [Fact]
    public void A_block_that_would_not_shrink_is_kept_as_it_is()
    {
        var plain = ConsoleLineBlock.Encode([new ConsoleLine(7, T0, "x", false, 0)]);

        Assert.Same(plain, ConsoleLineBlock.Compress(plain));
    }

    [Fact]
    public void A_journal_row_holds_each_servers_block_with_its_numbers()
    {
        ImmutableArray<ConsoleBlocks.Block> blocks =
        [
            new("host-ä", "main", 1, 40, ConsoleLineBlock.Encode(Lines(1, 40))),
            new("host-b", "second, \"quoted\"", 5, 5, ConsoleLineBlock.Encode(Lines(5, 5))),
        ];

        var read = ConsoleJournalRecord.Decode(ConsoleJournalRecord.Encode(blocks));

        Assert.Equal(blocks.Select(b => (b.HostId, b.ServerId, b.First, b.Last)), read.Select(b => (b.HostId, b.ServerId, b.First, b.Last)));
        Assert.Equal(blocks.Select(b => b.Lines), read.Select(b => b.Lines));
    }

    [Fact]
    public void Damaged_rows_are_refused_with_what_is_wrong()
    {
        var row = ConsoleJournalRecord.Encode([new("h", "s", 1, 40, ConsoleLineBlock.Encode(Lines(1, 40)))]);
        var block = ConsoleLineBlock.Compress(ConsoleLineBlock.Encode(Lines(1, 40)));

        Assert.Contains("does not decompress", Assert.Throws<InvalidDataException>(() => ConsoleJournalRecord.Decode(row.AsSpan(0, row.Length - 5))).Message);
        Assert.Contains("does not decompress", Assert.Throws<InvalidDataException>(() => Decode(block[..^5], 0)).Message);
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => ConsoleJournalRecord.Decode([9, .. row[1..]])).Message);

        // A stated length past any written is not allocated.
        byte[] huge = [row[0], .. new byte[VarUInt.Size(1UL << 40)], .. row[2..]];
        VarUInt.Write(huge.AsSpan(1), 1UL << 40);
        Assert.Contains("more than the", Assert.Throws<InvalidDataException>(() => ConsoleJournalRecord.Decode(huge)).Message);

        // A record whose inner length runs past its end.
        var plain = new byte[] { 1, (byte)'h', 1, (byte)'s', 1, 1, 200, 1 };
        Assert.Contains("are left", Assert.Throws<InvalidDataException>(() => ConsoleJournalRecord.Decode(CompressedBytes.Compress(1, plain))).Message);
    }

    private static List<ConsoleLine> Decode(byte[] block, ulong after)
    {
        var lines = new List<ConsoleLine>();
        ConsoleLineBlock.Decode(block, after, lines);
        return lines;
    }

    private static ImmutableArray<ConsoleLine> Lines(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(n => new ConsoleLine((ulong)n, T0.AddMilliseconds(n * 37),
            $"2026-12-05T03:00:{n % 60:D2} {n * 0.013:F3} INF [Server] Player 'Üser {n}' (Steam_7656119800000{n:D4}) spawned at {n * 3}, 40, {-n}", n % 7 == 0, (ulong)(n % 3)))];
}
