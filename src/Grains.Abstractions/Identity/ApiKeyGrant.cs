namespace GameOps.Grains.Identity;

/// <summary>What a valid API key lets its bearer do: act in one org with one role.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ApiKeyGrant")]
public sealed record ApiKeyGrant(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string OrgId,
    [property: Id(2)] OrgRole Role);
