using GameOps.AgentProtocol.Policy;

namespace GameOps.EdgeAgent.Policy;

/// <summary>One <see cref="RateLimit"/>'s bucket, on the agent's clock. Not thread-safe: its owner locks.</summary>
internal sealed class TokenBucket(RateLimit limit, TimeProvider timeProvider)
{
    private double _tokens = limit.Burst;
    private long _refilledAt = timeProvider.GetTimestamp();

    public RateLimit Limit { get; private set; } = limit;

    /// <summary>The limit changed: what was already spent stays spent under the new burst.</summary>
    public void Change(RateLimit newLimit)
    {
        Refill();
        _tokens = Math.Clamp(_tokens + newLimit.Burst - Limit.Burst, 0, newLimit.Burst);
        Limit = newLimit;
    }

    /// <summary>Takes one token; when none is left, says how long until one is.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        Refill();
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = Limit.PerMinute > 0 ? TimeSpan.FromMinutes((1 - _tokens) / Limit.PerMinute) : TimeSpan.MaxValue;
        return false;
    }

    private void Refill()
    {
        var now = timeProvider.GetTimestamp();
        var elapsed = timeProvider.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _tokens = Math.Min(Limit.Burst, _tokens + (elapsed.TotalMinutes * Limit.PerMinute));
    }
}
