using GameOps.Silo.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>A server's console lines are acknowledged at most once an interval on a stream; the last number held goes when it has passed.</summary>
public sealed class ConsoleAckPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero));
    private readonly List<(string, ulong)> _sent = [];

    [Fact]
    public void Acknowledgements_within_the_interval_are_held_and_only_the_last_goes_when_it_has_passed()
    {
        using var pacer = new ConsoleAckPacer((server, number) => _sent.Add((server, number)), Interval, _time);

        pacer.Acknowledge("main", 2);
        _time.Advance(TimeSpan.FromMilliseconds(40));
        pacer.Acknowledge("main", 4);
        _time.Advance(TimeSpan.FromMilliseconds(40));
        pacer.Acknowledge("main", 6);
        var beforeInterval = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(70));

        Assert.Equal([("main", 2ul)], beforeInterval);
        Assert.Equal([("main", 2ul), ("main", 6ul)], _sent);
    }

    [Fact]
    public void A_server_acknowledged_longer_than_the_interval_ago_is_acknowledged_at_once()
    {
        using var pacer = new ConsoleAckPacer((server, number) => _sent.Add((server, number)), Interval, _time);

        pacer.Acknowledge("main", 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        pacer.Acknowledge("main", 3);

        Assert.Equal([("main", 2ul), ("main", 3ul)], _sent);
    }

    [Fact]
    public void Each_server_has_its_own_interval()
    {
        using var pacer = new ConsoleAckPacer((server, number) => _sent.Add((server, number)), Interval, _time);

        pacer.Acknowledge("alpha", 1);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Acknowledge("beta", 7);
        pacer.Acknowledge("alpha", 3);
        var held = _sent.ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var alphaDue = _sent.ToArray();
        pacer.Acknowledge("beta", 9);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([("alpha", 1ul), ("beta", 7ul)], held);
        Assert.Equal([("alpha", 1ul), ("beta", 7ul), ("alpha", 3ul)], alphaDue);
        Assert.Equal([("alpha", 1ul), ("beta", 7ul), ("alpha", 3ul), ("beta", 9ul)], _sent);
    }

    [Fact]
    public void Zero_interval_acknowledges_every_write_at_once()
    {
        using var pacer = new ConsoleAckPacer((server, number) => _sent.Add((server, number)), TimeSpan.Zero, _time);

        pacer.Acknowledge("main", 2);
        pacer.Acknowledge("main", 4);

        Assert.Equal([("main", 2ul), ("main", 4ul)], _sent);
    }

    [Fact]
    public void What_is_held_when_the_stream_ends_is_not_sent()
    {
        var pacer = new ConsoleAckPacer((server, number) => _sent.Add((server, number)), Interval, _time);

        pacer.Acknowledge("main", 2);
        pacer.Acknowledge("main", 4);
        pacer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([("main", 2ul)], _sent);
    }
}
