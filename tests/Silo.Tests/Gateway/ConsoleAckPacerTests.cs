using GameOps.Silo.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>
/// While the silo is busy a server's console lines are acknowledged at most once an interval on a stream, the last
/// number held going when it has passed; while it is not, every acknowledgement goes at once.
/// </summary>
public sealed class ConsoleAckPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero));
    private readonly List<(string, ulong)> _sent = [];
    private readonly List<int> _calls = [];
    private bool _busy = true;
    private int _held;

    [Fact]
    public void Acknowledgements_within_the_interval_are_held_and_only_the_last_goes_when_it_has_passed()
    {
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("main", 2));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Acknowledge(pacer, ("main", 4));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Acknowledge(pacer, ("main", 6));
        var beforeInterval = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(70));

        Assert.Equal([("main", 2ul)], beforeInterval);
        Assert.Equal([("main", 2ul), ("main", 6ul)], _sent);
        Assert.Equal(2, _held);
    }

    [Fact]
    public void A_server_acknowledged_longer_than_the_interval_ago_is_acknowledged_at_once()
    {
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("main", 2));
        _time.Advance(TimeSpan.FromSeconds(1));
        Acknowledge(pacer, ("main", 3));

        Assert.Equal([("main", 2ul), ("main", 3ul)], _sent);
    }

    [Fact]
    public void Each_server_has_its_own_interval()
    {
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("alpha", 1));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Acknowledge(pacer, ("beta", 7));
        Acknowledge(pacer, ("alpha", 3));
        var held = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var alphaDue = _sent.ToArray();
        Acknowledge(pacer, ("beta", 9));
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([("alpha", 1ul), ("beta", 7ul)], held);
        Assert.Equal([("alpha", 1ul), ("beta", 7ul), ("alpha", 3ul)], alphaDue);
        Assert.Equal([("alpha", 1ul), ("beta", 7ul), ("alpha", 3ul), ("beta", 9ul)], _sent);
    }

    [Fact]
    public void Servers_acknowledged_together_go_on_together_and_those_held_go_together_when_due()
    {
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("alpha", 1), ("beta", 1));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Acknowledge(pacer, ("alpha", 2), ("beta", 2));
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([("alpha", 1ul), ("beta", 1ul), ("alpha", 2ul), ("beta", 2ul)], _sent);
        Assert.Equal([2, 2], _calls);
    }

    [Fact]
    public void When_one_server_is_acknowledged_at_once_what_the_others_hold_goes_with_it()
    {
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("alpha", 1));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Acknowledge(pacer, ("alpha", 2));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Acknowledge(pacer, ("beta", 1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([("alpha", 1ul), ("beta", 1ul), ("alpha", 2ul)], _sent);
        Assert.Equal([1, 2], _calls);
    }

    [Fact]
    public void Zero_interval_acknowledges_every_write_at_once()
    {
        using var pacer = NewPacer(TimeSpan.Zero);

        Acknowledge(pacer, ("main", 2));
        Acknowledge(pacer, ("main", 4));

        Assert.Equal([("main", 2ul), ("main", 4ul)], _sent);
    }

    [Fact]
    public void While_the_silo_is_not_busy_every_write_is_acknowledged_at_once()
    {
        _busy = false;
        using var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("main", 2));
        Acknowledge(pacer, ("main", 4));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Acknowledge(pacer, ("main", 6));

        Assert.Equal([("main", 2ul), ("main", 4ul), ("main", 6ul)], _sent);
        Assert.Equal(0, _held);
    }

    [Fact]
    public void Once_the_silo_is_no_longer_busy_the_next_acknowledgement_goes_at_once_and_the_held_one_never_goes()
    {
        using var pacer = NewPacer(Interval);
        Acknowledge(pacer, ("main", 2));
        Acknowledge(pacer, ("main", 4));

        _busy = false;
        Acknowledge(pacer, ("main", 6));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([("main", 2ul), ("main", 6ul)], _sent);
    }

    [Fact]
    public void What_is_held_when_the_stream_ends_is_not_sent()
    {
        var pacer = NewPacer(Interval);

        Acknowledge(pacer, ("main", 2));
        Acknowledge(pacer, ("main", 4));
        pacer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([("main", 2ul)], _sent);
    }

    [Fact]
    public void Paced_per_stream_one_message_an_interval_goes_with_each_servers_latest_number()
    {
        using var pacer = NewPacer(Interval, perStream: true);

        Acknowledge(pacer, ("alpha", 1));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Acknowledge(pacer, ("beta", 4));
        Acknowledge(pacer, ("alpha", 3));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Acknowledge(pacer, ("alpha", 5));
        var beforeInterval = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var atInterval = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Acknowledge(pacer, ("beta", 6));
        var withinNext = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromSeconds(1));
        Acknowledge(pacer, ("alpha", 7));

        Assert.Equal([("alpha", 1ul)], beforeInterval);
        Assert.Equal([("alpha", 1ul), ("alpha", 5ul), ("beta", 4ul)], atInterval.Order());
        Assert.Equal(atInterval, withinNext);
        Assert.Equal([1, 2, 1, 1], _calls);
        Assert.Equal([("beta", 6ul), ("alpha", 7ul)], _sent.Skip(3));
    }

    private ConsoleAckPacer NewPacer(TimeSpan interval, bool perStream = false) => new(
        acks =>
        {
            _calls.Add(acks.Length);
            foreach (var ack in acks)
            {
                _sent.Add((ack.ServerId, ack.Number));
            }
        },
        interval,
        () => _busy,
        _time,
        () => _held++,
        perStream);

    private static void Acknowledge(ConsoleAckPacer pacer, params (string ServerId, ulong Number)[] acks) =>
        pacer.Acknowledge(acks.Select(a => new ConsoleAck(a.ServerId, a.Number)).ToArray());
}
