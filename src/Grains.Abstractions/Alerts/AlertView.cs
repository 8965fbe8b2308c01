namespace GameOps.Grains.Alerts;

/// <summary>
/// One rule's alert for one subject. There is at most one per rule and subject (de-duplication): a condition that
/// comes back after the alert resolved makes the same alert Pending again.
/// </summary>
/// <param name="Id">The rule's id and the subject, <c>{ruleId}:{subject}</c>.</param>
/// <param name="Since">When the condition last started to hold.</param>
/// <param name="FiredAt">When the alert last started firing; null if it never fired.</param>
/// <param name="ResolvedAt">When its last firing ended; null while firing or if it never fired.</param>
/// <param name="TimesFired">How many times the alert has fired.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertView")]
public sealed record AlertView(
    [property: Id(0)] string Id,
    [property: Id(1)] Guid RuleId,
    [property: Id(2)] string RuleName,
    [property: Id(3)] AlertKind Kind,
    [property: Id(4)] string HostId,
    [property: Id(5)] string Subject,
    [property: Id(6)] AlertStatus Status,
    [property: Id(7)] string? Detail,
    [property: Id(8)] DateTimeOffset Since,
    [property: Id(9)] DateTimeOffset? FiredAt,
    [property: Id(10)] DateTimeOffset? ResolvedAt,
    [property: Id(11)] int TimesFired);
