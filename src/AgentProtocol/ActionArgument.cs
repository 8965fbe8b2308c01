namespace GameOps.AgentProtocol;

/// <summary>An argument a game action reads, with a hint for whoever types it.</summary>
public sealed record ActionArgument(string Name, bool Required, string Hint);
