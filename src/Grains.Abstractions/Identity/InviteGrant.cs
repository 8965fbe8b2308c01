namespace GameOps.Grains.Identity;

/// <summary>What a redeemed invite gives: a role in an org.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.InviteGrant")]
public sealed record InviteGrant(
    [property: Id(0)] string InviteId,
    [property: Id(1)] string OrgId,
    [property: Id(2)] OrgRole Role);
