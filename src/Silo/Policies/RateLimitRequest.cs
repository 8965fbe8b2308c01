namespace GameOps.Silo.Policies;

public sealed record RateLimitRequest(int? Burst, double? PerMinute);
