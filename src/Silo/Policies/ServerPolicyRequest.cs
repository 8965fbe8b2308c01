namespace GameOps.Silo.Policies;

/// <summary>
/// A server's policy as the API takes and shows it: the same rules as the agent's config file (docs/agent.md). Every
/// field is optional; one left out narrows nothing.
/// </summary>
public sealed record ServerPolicyRequest(
    List<string>? AllowedActions,
    bool? ReadOnly,
    Dictionary<string, Dictionary<string, ArgumentLimitRequest>>? Arguments,
    List<string>? ConsoleDenyPatterns,
    Dictionary<string, RateLimitRequest>? RateLimits);
