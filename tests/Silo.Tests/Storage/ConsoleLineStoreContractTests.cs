using System.Collections.Immutable;
using GameOps.Grains.ServerConsole;
using GameOps.Silo.ServerConsole;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every console line store must do, whatever the database: many hosts' lines stored in one transaction, all or
/// none; a line stored twice kept once; each server's newest lines held and the older ones deleted as numbers rise; read
/// after a number with what is no longer held counted. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class ConsoleLineStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 40, 1, 250, TimeSpan.Zero);

    protected abstract IConsoleLineStore Store { get; }

    [Fact]
    public async Task Lines_of_several_hosts_and_servers_stored_together_are_read_back_apart_with_every_field()
    {
        var (a, b) = (NewHostId(), NewHostId());
        await Store.AppendAsync(
        [
            new HostLines(a, [Server("main", Line(1, "one"), new ConsoleLine(2, T0.AddMilliseconds(7), "two, cut", true, 0), Gap(5, 3)), Server("second", Line(1, "s1"))]),
            new HostLines(b, [Server("main", Line(1, "other host"))]),
        ], heldLines: 100);

        var main = await Store.ReadAsync(a, "main", 0, 100);
        Assert.Equal<ConsoleLine>([Line(1, "one"), new ConsoleLine(2, T0.AddMilliseconds(7), "two, cut", true, 0), Gap(5, 3)], main.Lines);
        Assert.Equal((5ul, 0ul), (main.LastSequence, main.Missed));
        Assert.Equal(["s1"], (await Store.ReadAsync(a, "second", 0, 100)).Lines.Select(l => l.Text));
        Assert.Equal(["other host"], (await Store.ReadAsync(b, "main", 0, 100)).Lines.Select(l => l.Text));
        Assert.Equal(new Dictionary<string, ulong> { ["main"] = 5, ["second"] = 1 }, (await Store.LastSequencesAsync(a)).ToDictionary());
        Assert.Empty(await Store.LastSequencesAsync(NewHostId()));
    }

    [Fact]
    public async Task A_line_stored_again_keeps_its_first_row_and_the_rest_of_its_append_is_stored()
    {
        var host = NewHostId();
        await Store.AppendAsync([new HostLines(host, [Server("main", Line(1, "first"), Line(2, "second"))])], 100);

        await Store.AppendAsync([new HostLines(host, [Server("main", Line(2, "second, sent again"), Line(3, "third"))])], 100);

        Assert.Equal(["first", "second", "third"], (await Store.ReadAsync(host, "main", 0, 100)).Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task When_one_line_cannot_be_stored_none_of_the_lines_given_with_it_are_of_any_host()
    {
        var (a, b) = (NewHostId(), NewHostId());

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync(
        [
            new HostLines(a, [Server("main", Line(1, "fine"))]),
            new HostLines(b, [Server("main", Line(1, "fine too"), new ConsoleLine(2, T0, null!, false, 0))]),
        ], 100));

        Assert.Empty(await Store.LastSequencesAsync(a));
        Assert.Empty(await Store.LastSequencesAsync(b));
        Assert.Empty((await Store.ReadAsync(a, "main", 0, 100)).Lines);
    }

    [Fact]
    public async Task A_server_keeps_its_newest_lines_and_a_reader_is_told_how_many_after_its_number_are_gone()
    {
        var host = NewHostId();
        const int held = 300;
        for (ulong first = 1; first <= 1_200; first += 100)
        {
            await Store.AppendAsync([new HostLines(host, [Server("main", [.. Enumerable.Range(0, 100).Select(i => Line(first + (ulong)i, $"line {first + (ulong)i}"))])])], held);
        }

        var everything = await Store.ReadAsync(host, "main", 0, int.MaxValue);
        var all = await Store.ReadAsync(host, "main", 0, held);
        var recent = await Store.ReadAsync(host, "main", 1_150, held);
        var ahead = await Store.ReadAsync(host, "main", 1_500, held);

        // Pruned when the numbers passed 1,000: everything up to 700 went, so 500 lines are kept at most beyond those held.
        Assert.InRange(everything.Lines.Length, held, held + (int)ConsoleRetention.PruneEvery);
        Assert.Equal(1_200ul, everything.Lines[^1].Sequence);
        Assert.Equal((ulong)(1_200 - everything.Lines.Length), everything.Missed);
        Assert.Equal(Enumerable.Range(901, held).Select(n => (ulong)n), all.Lines.Select(l => l.Sequence));
        Assert.Equal((1_200ul, 900ul), (all.LastSequence, all.Missed));
        Assert.Equal(Enumerable.Range(1_151, 50).Select(n => (ulong)n), recent.Lines.Select(l => l.Sequence));
        Assert.Equal(0ul, recent.Missed);
        Assert.Equal((0, 1_200ul, 0ul), (ahead.Lines.Length, ahead.LastSequence, ahead.Missed));
    }

    [Fact]
    public async Task A_gap_marker_first_in_what_is_held_tells_the_numbers_it_stands_for_as_told_not_missed()
    {
        var host = NewHostId();
        await Store.AppendAsync([new HostLines(host, [Server("main", Gap(15, 15), Line(16, "after the gap"))])], 100);

        var read = await Store.ReadAsync(host, "main", 0, 100);

        Assert.Equal((0ul, 16ul), (read.Missed, read.LastSequence));
        Assert.Equal([15ul, 16ul], read.Lines.Select(l => l.Sequence));
    }

    [Fact]
    public async Task Lines_two_streams_of_a_host_both_stored_during_a_hand_over_are_read_once_each_in_order()
    {
        var host = NewHostId();

        // The old stream stored 1-3 and then 4-9; the new one read 3 as the last stored and stored 4-6 from the resend.
        await Store.AppendAsync([new HostLines(host, [Server("main", Lines(1, 3))])], 100);
        await Store.AppendAsync([new HostLines(host, [Server("main", Lines(4, 9))]), new HostLines(host, [Server("main", Lines(4, 6))])], 100);
        await Store.AppendAsync([new HostLines(host, [Server("main", Lines(7, 10))])], 100);

        var read = await Store.ReadAsync(host, "main", 0, 100);
        var after = await Store.ReadAsync(host, "main", 5, 100);
        var newest = await Store.ReadAsync(host, "main", 0, 4);

        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"line {n}"), read.Lines.Select(l => l.Text));
        Assert.Equal([6ul, 7ul, 8ul, 9ul, 10ul], after.Lines.Select(l => l.Sequence));
        Assert.Equal([7ul, 8ul, 9ul, 10ul], newest.Lines.Select(l => l.Sequence));
        Assert.Equal((10ul, 6ul), (newest.LastSequence, newest.Missed));
        Assert.Equal(new Dictionary<string, ulong> { ["main"] = 10 }, (await Store.LastSequencesAsync(host)).ToDictionary());
    }

    [Fact]
    public async Task Text_of_any_length_and_script_and_numbers_of_any_size_are_read_back_as_stored()
    {
        var host = NewHostId();
        var big = 1UL << 40;
        ConsoleLine[] lines =
        [
            new(big, T0, "Żółć 'Алиса', \"quotes\", 名前, emoji 🎮, a tab\tand \0 nul", false, 0),
            new(big + 1, T0.AddTicks(1), "", false, 0),
            new(big + 2, T0.AddDays(-400), new string('x', 8192) + " [line cut]", true, 0),
            new(big + 1_000, T0.AddYears(30), "", false, 997),
        ];
        await Store.AppendAsync([new HostLines(host, [Server("main", [.. lines])])], 100);

        var read = await Store.ReadAsync(host, "main", big - 1, 2_000);

        Assert.Equal<ConsoleLine>(lines, read.Lines);
        Assert.Equal((big + 1_000, 0ul), (read.LastSequence, read.Missed));
    }

    private static ImmutableArray<ConsoleLine> Lines(ulong first, ulong last) =>
        [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(n => Line((ulong)n, $"line {n}"))];

    private static string NewHostId() => $"h{Guid.NewGuid():N}";

    private static ServerLines Server(string serverId, params ImmutableArray<ConsoleLine> lines) => new(serverId, "7dtd-telnet", lines);

    private static ConsoleLine Line(ulong sequence, string text) => new(sequence, T0.AddSeconds(sequence), text, false, 0);

    private static ConsoleLine Gap(ulong sequence, ulong dropped) => new(sequence, T0.AddSeconds(sequence), "", false, dropped);
}
