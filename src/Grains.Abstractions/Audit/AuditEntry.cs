using System.Text.Json.Serialization;
using GameOps.Grains.Jobs;

namespace GameOps.Grains.Audit;

/// <summary>One change someone made: stored in the same durable step as the change itself (docs/adr/0020).</summary>
/// <param name="Id">The entry's id, ordered by time (a version 7 GUID).</param>
/// <param name="At">When the change was made, by the changing grain's domain clock.</param>
/// <param name="Actor">Who made it; for a job's end, who asked for the job.</param>
/// <param name="Via">The door it came through: api, web, discord, schedule, alert (or system).</param>
/// <param name="Target">What changed: <c>host/{id}</c>, <c>job/{id}</c>, <c>alert-rule/{id}</c>, <c>host/{id}/server/{serverId}/policy</c>.</param>
/// <param name="Action">The kind of change, such as <c>job.submit</c> or <c>alert-rule.delete</c>.</param>
/// <param name="Summary">The change in one line.</param>
/// <param name="Changes">What changed, as a JSON object; for jobs the action, its arguments and the game's answer.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] string Via,
    [property: Id(5)] string Target,
    [property: Id(6)] string Action,
    [property: Id(7)] string Summary,
    [property: Id(8), JsonConverter(typeof(RawJsonConverter))] string Changes);
