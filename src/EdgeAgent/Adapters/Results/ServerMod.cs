namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>One mod a game server reports as loaded.</summary>
public sealed record ServerMod(string Name, string Version);
