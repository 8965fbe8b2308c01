namespace GameOps.Grains.Hosts;

[GenerateSerializer, Immutable]
[Alias("GameOps.HostView")]
public sealed record HostView(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Name,
    [property: Id(3)] HostStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset StatusChangedAt);
