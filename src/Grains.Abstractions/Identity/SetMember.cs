using System.Collections.Immutable;

namespace GameOps.Grains.Identity;

/// <param name="CallerRole">The role of who asks, in this org; null for the platform admin, who is above every org.</param>
[GenerateSerializer, Immutable]
[Alias("GameOps.SetMember")]
public sealed record SetMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] OrgRole Role,
    [property: Id(2)] ImmutableDictionary<string, ServerPermissions> Servers,
    [property: Id(3)] OrgRole? CallerRole,
    [property: Id(4)] Actor RequestedBy);
