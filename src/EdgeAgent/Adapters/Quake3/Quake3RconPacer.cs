namespace GameOps.EdgeAgent.Adapters.Quake3;

/// <summary>
/// Keeps the agent inside an id Tech 3 server's rcon flood limit. ioquake3 answers at most a burst of 10 requests from
/// one IP address and then one more per second (a leaky bucket per address, shared with <c>getstatus</c> and
/// <c>getinfo</c>); anything beyond is dropped without a word, which over UDP looks exactly like a lost packet. This
/// token bucket mirrors that limit with a margin: a smaller burst, and a slightly slower refill, so clock jitter and
/// delayed datagrams never make the server see one request too many.
/// </summary>
internal sealed class Quake3RconPacer
{
    private readonly Lock _lock = new();
    private readonly int _burst;
    private readonly TimeSpan _refillInterval;
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _updated;

    public Quake3RconPacer(int burst, TimeSpan refillInterval, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillInterval, TimeSpan.Zero);
        _burst = burst;
        _refillInterval = refillInterval;
        _timeProvider = timeProvider;
        _tokens = burst;
        _updated = timeProvider.GetTimestamp();
    }

    /// <summary>Waits until one more request may be sent, and counts it as sent.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve(_timeProvider.GetTimestamp());
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _timeProvider, cancellationToken);
    }

    /// <summary>
    /// Takes one request's token at <paramref name="timestamp"/> (a <see cref="TimeProvider.GetTimestamp"/> value) and
    /// returns how long the caller must wait before sending. Tokens may go negative: callers queue behind each other.
    /// </summary>
    internal TimeSpan Reserve(long timestamp)
    {
        lock (_lock)
        {
            var elapsed = _timeProvider.GetElapsedTime(_updated, timestamp);
            if (elapsed > TimeSpan.Zero)
            {
                _tokens = Math.Min(_burst, _tokens + (elapsed / _refillInterval));
                _updated = timestamp;
            }

            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : -_tokens * _refillInterval;
        }
    }
}
