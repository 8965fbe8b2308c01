using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>
/// A fake clock that also tells a test each one-shot wait the code under test arms on it (a <c>Task.Delay</c> with
/// this clock), so the test moves time by exactly that wait, and only once it is armed: the outcome then does not
/// depend on how fast the real threads get there.
/// </summary>
public sealed class WaitRecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _waits = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // The timer is armed before the wait is announced: a test that moves the clock as soon as it hears of a wait
        // would otherwise move it before the timer exists, and the timer, armed after, would never fire.
        var timer = base.CreateTimer(callback, state, dueTime, period);

        // Periodic timers (the heartbeat's) are not waits; a timer armed later through Change is not one either.
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The next wait armed on this clock, within <paramref name="timeout"/> of real time.</summary>
    public Task<TimeSpan> NextWaitAsync(TimeSpan timeout) => _waits.Reader.ReadAsync().AsTask().WaitAsync(timeout);
}
