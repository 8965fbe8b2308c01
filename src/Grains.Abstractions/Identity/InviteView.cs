namespace GameOps.Grains.Identity;

/// <summary>An invite as its org lists it: never its token.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.InviteView")]
public sealed record InviteView(
    [property: Id(0)] string Id,
    [property: Id(1)] OrgRole Role,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string CreatedBy);
