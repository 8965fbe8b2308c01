using GameOps.Grains.Alerts;

namespace GameOps.Grains.Events;

/// <summary>An alert went Pending, Firing or Resolved, or was cleared while Pending (<see cref="Status"/> null).</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.AlertStateChanged")]
public sealed record AlertStateChanged(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string AlertId,
    [property: Id(1)] Guid RuleId,
    [property: Id(2)] string RuleName,
    [property: Id(3)] AlertKind AlertKind,
    [property: Id(4)] string HostId,
    [property: Id(5)] string Subject,
    [property: Id(6)] AlertStatus? Status,
    [property: Id(7)] string? Detail)
    : OrgEvent(OrgId, At, Sequence, Actor);
