using GameOps.Silo.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>The silo counts as busy while the thread pool's queue is at least the threshold, looked at once per sample interval.</summary>
public sealed class ThreadPoolLoadTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero));
    private long _queue;
    private int _looks;

    [Fact]
    public void The_queue_is_looked_at_once_per_sample_interval_and_busy_from_the_threshold()
    {
        var load = new ThreadPoolLoad(_time, busyQueueLength: 16, () =>
        {
            _looks++;
            return _queue;
        });

        _queue = 15;
        var below = load.IsBusy();
        _queue = 16;
        var withinInterval = load.IsBusy();
        _time.Advance(ThreadPoolLoad.SampleInterval);
        var atThreshold = load.IsBusy();
        _queue = 0;
        var stillWithin = load.IsBusy();
        _time.Advance(ThreadPoolLoad.SampleInterval);

        Assert.Equal((false, false, true, true, false), (below, withinInterval, atThreshold, stillWithin, load.IsBusy()));
        Assert.Equal(3, _looks);
    }
}
