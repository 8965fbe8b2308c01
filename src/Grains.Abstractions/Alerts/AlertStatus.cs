namespace GameOps.Grains.Alerts;

/// <summary>
/// Where an alert stands. A subject whose condition does not hold has no alert at all (OK); a condition that clears
/// while still Pending leaves no trace, which is what suppresses flapping.
/// </summary>
[GenerateSerializer]
[Alias("GameOps.AlertStatus")]
public enum AlertStatus
{
    /// <summary>The condition holds, for less than the rule's <c>For</c> so far.</summary>
    Pending = 0,

    /// <summary>The condition has held for the rule's <c>For</c> or longer.</summary>
    Firing = 1,

    /// <summary>It fired, and the condition has cleared since; kept as history.</summary>
    Resolved = 2,
}
