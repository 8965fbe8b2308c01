namespace GameOps.Grains.Identity;

[GenerateSerializer, Immutable]
[Alias("GameOps.IssueApiKey")]
public sealed record IssueApiKey(
    [property: Id(0)] string OrgId,
    [property: Id(1)] OrgRole Role,
    [property: Id(2)] byte[] KeyHash,
    [property: Id(3)] DateTimeOffset? ExpiresAt);
