namespace GameOps.EdgeAgent.Configuration;

/// <summary>One action's bucket in a server's <c>policy.rateLimits</c>, before validation.</summary>
internal sealed class RateLimitDocument
{
    public int? Burst { get; set; }

    public double? PerMinute { get; set; }
}
