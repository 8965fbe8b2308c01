namespace GameOps.EdgeAgent.Channel;

/// <summary>
/// Delays between reconnect attempts: exponential (initial, doubling, capped) with "equal jitter": each delay is
/// half its ceiling plus a random part of the other half, so ten thousand agents cut off at once do not come back
/// in step, and none retries in a tight loop. The cap is low (5 s by default): the agent cannot tell when an
/// unreachable control plane is back, so however long the outage, it must try again soon after. Failures that
/// retrying soon will not fix (a refused credential, another agent holding the host) wait for a longer, separate delay.
/// </summary>
public sealed class ReconnectBackoff
{
    // 2^30 times any sensible initial delay is far past any cap; stops the exponent from overflowing.
    private const int MaxExponent = 30;

    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, TimeSpan refused, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(refused, initial);
        Initial = initial;
        Max = max;
        Refused = refused;
        _random = random;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    /// <summary>The ceiling of <see cref="RefusedDelay"/>.</summary>
    public TimeSpan Refused { get; }

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

    /// <summary>A jittered delay up to <see cref="Refused"/>, for a control plane that answered and refused the stream.</summary>
    public TimeSpan RefusedDelay() => Jittered(Refused);

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
