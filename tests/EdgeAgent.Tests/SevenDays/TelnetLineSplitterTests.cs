using System.Text;
using GameOps.EdgeAgent.Adapters.SevenDays;
using GameOps.EdgeAgent.Console;

namespace GameOps.EdgeAgent.Tests.SevenDays;

public sealed class TelnetLineSplitterTests
{
    private static List<string> Split(params byte[][] chunks)
    {
        var lines = new List<string>();
        var splitter = new TelnetLineSplitter();
        foreach (var chunk in chunks)
        {
            splitter.Feed(chunk, lines.Add);
        }

        return lines;
    }

    [Fact]
    public void Crlf_and_lf_lines_are_split_and_the_unfinished_line_waits()
    {
        Assert.Equal(["a", "b", "", "cd"], Split("a\r\nb\n\r\nc"u8.ToArray(), "d\r"u8.ToArray(), "\nunfinished"u8.ToArray()));
    }

    [Fact]
    public void Character_split_across_reads_is_decoded_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("🧟 Zed\r\n");

        Assert.Equal(["🧟 Zed"], Split([.. bytes.Select(b => new[] { b })]));
    }

    [Fact]
    public void Line_of_exactly_the_limit_is_kept_whole()
    {
        var line = new string('x', ConsoleLines.MaxLineBytes);

        Assert.Equal([line, "next"], Split(Encoding.UTF8.GetBytes(line + "\r\nnext\n")));
    }

    [Fact]
    public void Longer_line_is_cut_marked_and_the_rest_skipped()
    {
        // 3-byte characters, so the limit falls inside one.
        var line = new string('€', 10_000);

        var lines = Split(Encoding.UTF8.GetBytes(line[..5_000]), Encoding.UTF8.GetBytes(line[5_000..] + "\r\nnext\r\n"));

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('€', ConsoleLines.MaxLineBytes / 3) + ConsoleLines.CutMarker, lines[0]);
        Assert.Equal("next", lines[1]);
    }

    [Fact]
    public void Endless_line_is_cut_once_and_memory_stays_bounded()
    {
        var lines = new List<string>();
        var splitter = new TelnetLineSplitter();
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'y');
        for (var i = 0; i < 100; i++)
        {
            splitter.Feed(chunk, lines.Add);
        }

        var cut = Assert.Single(lines);
        Assert.EndsWith(ConsoleLines.CutMarker, cut, StringComparison.Ordinal);
        Assert.Equal(ConsoleLines.MaxLineBytes + ConsoleLines.CutMarker.Length, cut.Length);
    }
}
