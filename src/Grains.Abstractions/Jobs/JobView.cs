using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace GameOps.Grains.Jobs;

[GenerateSerializer, Immutable]
[Alias("GameOps.JobView")]
public sealed record JobView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string HostId,
    [property: Id(3)] string ServerId,
    [property: Id(4)] string Action,
    [property: Id(5)] ImmutableDictionary<string, string> Arguments,
    [property: Id(6)] JobState State,
    [property: Id(7)] Actor RequestedBy,
    [property: Id(8)] string? IdempotencyKey,
    [property: Id(9)] int Attempts,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset Deadline,
    [property: Id(12)] DateTimeOffset? DispatchedAt,
    [property: Id(13)] DateTimeOffset? StartedAt,
    [property: Id(14)] DateTimeOffset? FinishedAt,
    [property: Id(15)] string? Output,
    [property: Id(16)] string? Error,
    [property: Id(17), JsonConverter(typeof(RawJsonConverter))] string? Data = null,
    [property: Id(18)] DateTimeOffset? CancelRequestedAt = null,
    [property: Id(19)] int GameAttempts = 0)
{
    public bool IsFinished => JobStates.IsFinished(State);
}
