namespace GameOps.AgentProtocol.Policy;

/// <summary>
/// A token bucket for one action on one server: up to <see cref="Burst"/> jobs at once, refilled at
/// <see cref="PerMinute"/> jobs a minute.
/// </summary>
public sealed record RateLimit(string Action, int Burst, double PerMinute)
{
    public const int MaxBurst = 10_000;

    public const double MaxPerMinute = 60_000;

    public override string ToString() => $"burst {Burst}, {PerMinute:0.###} per minute";
}
