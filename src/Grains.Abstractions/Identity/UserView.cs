using System.Collections.Immutable;

namespace GameOps.Grains.Identity;

/// <summary>A user account as others see it: never its password hash.</summary>
/// <param name="SecurityStamp">
/// Changes when the password changes or the user signs out everywhere; every session cookie and access token carries
/// the one it was issued with and is refused once it differs.
/// </param>
[GenerateSerializer, Immutable]
[Alias("GameOps.UserView")]
public sealed record UserView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsPlatformAdmin,
    [property: Id(3)] ImmutableArray<string> OrgIds,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string SecurityStamp);
