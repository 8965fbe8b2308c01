using System.Collections.Immutable;
using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;

namespace GameOps.Grains.GameServers;

/// <summary>Between the grains' <see cref="ServerPolicySpec"/>, the wire's <see cref="PolicyRules"/> and the shared evaluator's <see cref="ServerPolicy"/>.</summary>
public static class PolicyMapping
{
    /// <summary>The most entries a reported policy may hold in each list; an agent's own config has far fewer.</summary>
    public const int MaxEntries = 256;

    /// <summary>The wire form of a narrowing; null (no narrowing) restricts nothing.</summary>
    public static PolicyRules ToRules(ServerPolicySpec? spec)
    {
        var rules = new PolicyRules();
        if (spec is null)
        {
            return rules;
        }

        rules.RestrictsActions = spec.RestrictsActions;
        rules.AllowedActions.Add(spec.AllowedActions);
        rules.ReadOnly = spec.ReadOnly;
        foreach (var limit in spec.ArgumentLimits)
        {
            var rule = new ArgumentRule { Action = limit.Action, Argument = limit.Argument };
            if (limit.MaxLength is { } maxLength)
            {
                rule.MaxLength = maxLength;
            }

            rule.Patterns.Add(limit.Patterns);
            rules.Arguments.Add(rule);
        }

        rules.ConsoleDenyPatterns.Add(spec.ConsoleDenyPatterns);
        rules.RateLimits.Add(spec.RateLimits.Select(limit => new RateRule { Action = limit.Action, Burst = limit.Burst, PerMinute = limit.PerMinute }));
        return rules;
    }

    /// <summary>An agent's report as the grain keeps it, or null when it holds more than anyone would configure.</summary>
    public static ServerPolicySpec? FromRules(PolicyRules rules)
    {
        if (rules.AllowedActions.Count > MaxEntries || rules.Arguments.Count > MaxEntries
            || rules.ConsoleDenyPatterns.Count > MaxEntries || rules.RateLimits.Count > MaxEntries
            || rules.Arguments.Any(rule => rule.Patterns.Count > MaxEntries))
        {
            return null;
        }

        return new ServerPolicySpec(
            rules.RestrictsActions,
            [.. rules.AllowedActions],
            rules.ReadOnly,
            [.. rules.Arguments.Select(rule => new ArgumentLimitSpec(rule.Action, rule.Argument, rule.HasMaxLength ? rule.MaxLength : null, [.. rule.Patterns]))],
            [.. rules.ConsoleDenyPatterns],
            [.. rules.RateLimits.Select(rule => new RateLimitSpec(rule.Action, rule.Burst, rule.PerMinute))]);
    }

    /// <summary>The evaluator for <paramref name="spec"/>, or null when a pattern in it cannot be compiled.</summary>
    public static ServerPolicy? ToPolicy(ServerPolicySpec spec) => ToRules(spec).TryToPolicy(out var policy, out _) ? policy : null;
}
