namespace GameOps.Grains;

/// <summary>Who asked for something and through which door, for jobs and the audit trail.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.Actor")]
public sealed record Actor(
    [property: Id(0)] ActorKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Address = null);
