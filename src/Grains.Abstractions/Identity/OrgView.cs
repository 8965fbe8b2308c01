namespace GameOps.Grains.Identity;

[GenerateSerializer, Immutable]
[Alias("GameOps.OrgView")]
public sealed record OrgView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);
