namespace GameOps.Grains.Identity;

/// <summary>What an org shows of one of its API keys: never the key, nor its hash.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ApiKeyView")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OrgRole Role,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset? RevokedAt,
    [property: Id(6)] DateTimeOffset? LastUsedAt,
    [property: Id(7)] string CreatedBy);
