using System.Diagnostics.CodeAnalysis;

namespace GameOps.AgentProtocol.Policy;

/// <summary>Between a <see cref="ServerPolicy"/> and its wire form, <see cref="PolicyRules"/>.</summary>
public static class PolicyRulesMapping
{
    public static PolicyRules ToRules(this ServerPolicy policy)
    {
        var rules = new PolicyRules { RestrictsActions = policy.AllowedActions is not null, ReadOnly = policy.ReadOnly };
        rules.AllowedActions.Add(policy.AllowedActions ?? []);
        foreach (var limit in policy.ArgumentLimits)
        {
            var rule = new ArgumentRule { Action = limit.Action, Argument = limit.Argument };
            if (limit.MaxLength is { } maxLength)
            {
                rule.MaxLength = maxLength;
            }

            rule.Patterns.Add(limit.Patterns.Select(pattern => pattern.Source));
            rules.Arguments.Add(rule);
        }

        rules.ConsoleDenyPatterns.Add(policy.ConsoleDenyPatterns.Select(pattern => pattern.Source));
        rules.RateLimits.Add(policy.RateLimits.Select(limit => new RateRule { Action = limit.Action, Burst = limit.Burst, PerMinute = limit.PerMinute }));
        return rules;
    }

    /// <summary>Reads <paramref name="rules"/>, or says in <paramref name="error"/> which rule is unusable.</summary>
    public static bool TryToPolicy(this PolicyRules rules, [NotNullWhen(true)] out ServerPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        var limits = new List<ArgumentLimit>();
        foreach (var rule in rules.Arguments)
        {
            if (rule.HasMaxLength && rule.MaxLength < 0)
            {
                error = $"the limit of argument '{rule.Argument}' of {rule.Action} is negative";
                return false;
            }

            var patterns = new List<PolicyPattern>();
            foreach (var source in rule.Patterns)
            {
                if (!PolicyPattern.TryCreate(source, ignoreCase: false, out var pattern, out var patternError))
                {
                    error = $"the pattern '{source}' of argument '{rule.Argument}' of {rule.Action} {patternError}";
                    return false;
                }

                patterns.Add(pattern);
            }

            limits.Add(new ArgumentLimit(rule.Action, rule.Argument, rule.HasMaxLength ? rule.MaxLength : null, patterns));
        }

        var denyPatterns = new List<PolicyPattern>();
        foreach (var source in rules.ConsoleDenyPatterns)
        {
            if (!PolicyPattern.TryCreate(source, ignoreCase: true, out var pattern, out var patternError))
            {
                error = $"the console.raw deny pattern '{source}' {patternError}";
                return false;
            }

            denyPatterns.Add(pattern);
        }

        var rateLimits = new List<RateLimit>();
        foreach (var rule in rules.RateLimits)
        {
            if (rule.Burst < 1 || !(rule.PerMinute > 0))
            {
                error = $"the rate limit of {rule.Action} needs a burst of at least 1 and a refill above 0 per minute";
                return false;
            }

            rateLimits.Add(new RateLimit(rule.Action, rule.Burst, rule.PerMinute));
        }

        policy = new ServerPolicy
        {
            AllowedActions = rules.RestrictsActions ? [.. rules.AllowedActions] : null,
            ReadOnly = rules.ReadOnly,
            ArgumentLimits = limits,
            ConsoleDenyPatterns = denyPatterns,
            RateLimits = rateLimits,
        };
        error = null;
        return true;
    }
}
