namespace GameOps.Grains.Events;

/// <summary>An audit entry was stored: a change someone made, through which door, to what.</summary>
/// <param name="EntryId">The entry's id in the audit log, to read it in full.</param>
/// <param name="Via">The door the change came through: api, web, discord, schedule, alert.</param>
/// <param name="Target">What changed, such as <c>host/{id}</c> or <c>job/{id}</c>.</param>
/// <param name="Summary">What changed, in one line.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AuditEntryWritten")]
public sealed record AuditEntryWritten(
    string OrgId,
    DateTimeOffset At,
    long? Sequence,
    Actor? Actor,
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Via,
    [property: Id(2)] string Target,
    [property: Id(3)] string Summary)
    : OrgEvent(OrgId, At, Sequence, Actor);
