namespace GameOps.EdgeAgent.Configuration;

/// <summary>A server's <c>policy</c> object in the config file, before validation.</summary>
internal sealed class ServerPolicyDocument
{
    public bool? ReadOnly { get; set; }

    /// <summary>Action name → argument name → limit.</summary>
    public Dictionary<string, Dictionary<string, ArgumentLimitDocument?>?>? Arguments { get; set; }

    public List<string?>? ConsoleDenyPatterns { get; set; }

    /// <summary>Action name → bucket.</summary>
    public Dictionary<string, RateLimitDocument?>? RateLimits { get; set; }
}
