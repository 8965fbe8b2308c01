using System.Buffers;
using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Tests.ServerConsole;

/// <summary>
/// What a console client is written from its queue of published batches: each line once, in order, also when a batch
/// never arrives or arrives after a later one (the held lines fill the hole).
/// </summary>
public sealed class ConsoleFrameWritingTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_after_a_lost_one_is_preceded_by_the_held_lines_it_skipped()
    {
        var held = Lines(1, 9);
        var written = await WriteAsync(held, sent: 3, [Lines(4, 5), Lines(8, 9)]);

        Assert.Equal(["4", "5", "6", "7", "8", "9"], written.Ids);
        Assert.Equal([5UL], written.CatchUpsAfter);
    }

    [Fact]
    public async Task A_batch_that_arrives_after_a_later_one_writes_nothing_twice()
    {
        var held = Lines(1, 9);
        var written = await WriteAsync(held, sent: 3, [Lines(7, 9), Lines(4, 6)]);

        Assert.Equal(["4", "5", "6", "7", "8", "9"], written.Ids);
    }

    [Fact]
    public async Task Consecutive_batches_and_a_gap_marker_for_the_numbers_before_it_need_no_catch_up()
    {
        // Marker 7 stands for lines 5 to 7, which the agent dropped before sending them.
        ImmutableArray<ConsoleLine> marker = [new ConsoleLine(7, ReadAt, "", false, 3)];
        var written = await WriteAsync(held: [], sent: 0, [Lines(1, 4), marker, Lines(8, 8)]);

        Assert.Equal(["1", "2", "3", "4", "7", "8"], written.Ids);
        Assert.Empty(written.CatchUpsAfter);
    }

    [Fact]
    public async Task A_hole_the_held_lines_cannot_fill_is_left_and_the_batch_is_still_written()
    {
        var written = await WriteAsync(held: [], sent: 3, [Lines(6, 7)]);

        Assert.Equal(["6", "7"], written.Ids);
        Assert.Equal([3UL], written.CatchUpsAfter);
    }

    private static ImmutableArray<ConsoleLine> Lines(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(n => new ConsoleLine((ulong)n, ReadAt, $"line {n}", false, 0))];

    private static async Task<(List<string> Ids, List<ulong> CatchUpsAfter)> WriteAsync(
        ImmutableArray<ConsoleLine> held, ulong sent, ImmutableArray<ConsoleLine>[] batches)
    {
        var pipe = new Pipe();
        var catchUps = new List<ulong>();
        foreach (var batch in batches)
        {
            sent = await ConsoleEndpoints.WriteAsync(pipe.Writer, new ConsoleFrames(ConsoleFrame.For(batch, Json), batch), sent, async after =>
            {
                catchUps.Add(after);
                var last = after;
                foreach (var line in held.Where(line => line.Sequence > after))
                {
                    pipe.Writer.Write(ConsoleFrame.For(line, Json).Bytes);
                    last = line.Sequence;
                }

                await pipe.Writer.FlushAsync();
                return last;
            });
        }

        await pipe.Writer.CompleteAsync();
        var text = Encoding.UTF8.GetString((await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer);
        var ids = text.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();
        return (ids, catchUps);
    }
}
