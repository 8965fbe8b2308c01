using System.Collections.Immutable;

namespace GameOps.Grains.Identity;

/// <summary>A user's membership of an org: a role, and per-server grants keyed by the game server's key (host/server).</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.OrgMember")]
public sealed record OrgMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] OrgRole Role,
    [property: Id(2)] ImmutableDictionary<string, ServerPermissions> Servers,
    [property: Id(3)] DateTimeOffset Since);
