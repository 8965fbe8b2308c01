namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>The typed result of <c>players.list</c>.</summary>
public sealed record PlayerList(IReadOnlyList<Player> Players);
