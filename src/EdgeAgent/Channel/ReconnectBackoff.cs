namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// Delays between reconnect attempts: exponential (initial, doubling, capped) with "equal jitter": each delay is
/// half its ceiling plus a random part of the other half, so ten thousand agents cut off at once do not come back
/// in step, and none retries in a tight loop.
/// </summary>
public sealed class ReconnectBackoff
{
    // 2^30 times any sensible initial delay is far past any cap; stops the exponent from overflowing.
    private const int MaxExponent = 30;

    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        Initial = initial;
        Max = max;
        _random = random;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    /// <summary>The ceiling of the next <see cref="NextDelay"/>.</summary>
    public TimeSpan CurrentCeiling => CeilingOf(_attempt);

    /// <summary>The delay before the next attempt; each call doubles the ceiling up to <see cref="Max"/>.</summary>
    public TimeSpan NextDelay()
    {
        var ceiling = CeilingOf(_attempt);
        if (_attempt < MaxExponent)
        {
            _attempt++;
        }

        return Jittered(ceiling);
    }

    /// <summary>A jittered delay at the cap, for failures that retrying sooner will not fix (a refused credential).</summary>
    public TimeSpan CappedDelay() => Jittered(Max);

    /// <summary>Starts again from <see cref="Initial"/>, after a connection that stayed up.</summary>
    public void Reset() => _attempt = 0;

    private TimeSpan CeilingOf(int attempt)
    {
        var ticks = Initial.Ticks * Math.Pow(2, attempt);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan Jittered(TimeSpan ceiling)
    {
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(ceiling.Ticks - half + (long)(_random.NextDouble() * half));
    }
}
