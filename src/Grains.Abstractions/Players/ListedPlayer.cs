namespace GameOps.Grains.Players;

/// <summary>A player as a <c>players.list</c> probe listed them.</summary>
[GenerateSerializer, Immutable]
[Alias("GameOps.ListedPlayer")]
public sealed record ListedPlayer(
    [property: Id(0)] string Name,
    [property: Id(1)] string? PlayerId = null);
