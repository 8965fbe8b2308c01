namespace GameOps.Grains.Identity;

/// <param name="KeyHash">The SHA-256 of the key; the key itself never reaches a grain.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.AddApiKey")]
public sealed record AddApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Name,
    [property: Id(2)] OrgRole Role,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] byte[] KeyHash,
    [property: Id(5)] Actor RequestedBy);
