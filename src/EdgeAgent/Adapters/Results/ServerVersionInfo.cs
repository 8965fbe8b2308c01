namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>The typed result of <c>server.version</c>: the game's version as it prints it, and its loaded mods.</summary>
public sealed record ServerVersionInfo(string Version)
{
    /// <summary>The version clients must match to join, when the game reports one apart from its own.</summary>
    public string? CompatibilityVersion { get; init; }

    /// <summary>The mods the game reports as loaded, in its order; empty when it reports none.</summary>
    public IReadOnlyList<ServerMod> Mods { get; init; } = [];
}
