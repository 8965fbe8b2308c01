using GameOps.AgentProtocol;
using GameOps.AgentProtocol.Policy;

namespace GameOps.EdgeAgent.Configuration;

/// <summary>Validates a server's <c>policy</c> object; every problem names its field, e.g. <c>servers[0].policy.rateLimits['chat.say'].burst</c>.</summary>
internal static class ServerPolicyLoader
{
    public const int MaxArgumentLength = 64 * 1024;

    public static ServerPolicy Validate(string field, ServerPolicyDocument? document, IReadOnlyList<string>? kindActions, string? kind, List<string> problems)
    {
        if (document is null)
        {
            return ServerPolicy.Unrestricted;
        }

        field += ".policy";
        var limits = new List<ArgumentLimit>();
        foreach (var (action, arguments) in document.Arguments ?? [])
        {
            var actionField = $"{field}.arguments['{action}']";
            if (!IsKnownAction(actionField, action, kindActions, kind, problems))
            {
                continue;
            }

            if (arguments is null || arguments.Count == 0)
            {
                problems.Add($"{actionField} must be an object of argument names, e.g. {{ \"message\": {{ \"maxLength\": 200 }} }}");
                continue;
            }

            foreach (var (argument, limit) in arguments)
            {
                var argumentField = $"{actionField}['{argument}']";
                if (string.IsNullOrWhiteSpace(argument))
                {
                    problems.Add($"{argumentField} must name an argument");
                }
                else if (ValidateArgumentLimit(argumentField, action, argument, limit, problems) is { } valid)
                {
                    limits.Add(valid);
                }
            }
        }

        var denyPatterns = new List<PolicyPattern>();
        for (var i = 0; i < (document.ConsoleDenyPatterns?.Count ?? 0); i++)
        {
            // Consoles mostly ignore case ("QUIT" quits as well as "quit"), so deny patterns do too.
            if (PolicyPattern.TryCreate(document.ConsoleDenyPatterns![i], ignoreCase: true, out var pattern, out var error))
            {
                denyPatterns.Add(pattern);
            }
            else
            {
                problems.Add($"{field}.consoleDenyPatterns[{i}] {error}");
            }
        }

        var rateLimits = new List<RateLimit>();
        foreach (var (action, limit) in document.RateLimits ?? [])
        {
            var limitField = $"{field}.rateLimits['{action}']";
            if (!IsKnownAction(limitField, action, kindActions, kind, problems))
            {
                continue;
            }

            if (limit?.Burst is not { } burst || burst is < 1 or > RateLimit.MaxBurst)
            {
                problems.Add($"{limitField}.burst must be a whole number from 1 to {RateLimit.MaxBurst}: how many may run at once");
            }
            else if (limit.PerMinute is not { } perMinute || double.IsNaN(perMinute) || perMinute is <= 0 or > RateLimit.MaxPerMinute)
            {
                problems.Add($"{limitField}.perMinute must be a number above 0 and at most {RateLimit.MaxPerMinute}: how many a minute refill the burst");
            }
            else
            {
                rateLimits.Add(new RateLimit(action, burst, perMinute));
            }
        }

        return new ServerPolicy
        {
            ReadOnly = document.ReadOnly ?? false,
            ArgumentLimits = limits,
            ConsoleDenyPatterns = denyPatterns,
            RateLimits = rateLimits,
        };
    }

    private static ArgumentLimit? ValidateArgumentLimit(string field, string action, string argument, ArgumentLimitDocument? limit, List<string> problems)
    {
        if (limit is null || (limit.MaxLength is null && limit.Pattern is null))
        {
            problems.Add($"{field} must set maxLength, pattern or both");
            return null;
        }

        var before = problems.Count;
        if (limit.MaxLength is { } maxLength && maxLength is < 0 or > MaxArgumentLength)
        {
            problems.Add($"{field}.maxLength must be from 0 to {MaxArgumentLength}");
        }

        PolicyPattern? pattern = null;
        if (limit.Pattern is not null && !PolicyPattern.TryCreate(limit.Pattern, ignoreCase: false, out pattern, out var error))
        {
            problems.Add($"{field}.pattern {error}");
        }

        return problems.Count == before ? new ArgumentLimit(action, argument, limit.MaxLength, pattern is null ? [] : [pattern]) : null;
    }

    private static bool IsKnownAction(string field, string action, IReadOnlyList<string>? kindActions, string? kind, List<string> problems)
    {
        if (kindActions is null || kindActions.Contains(action, StringComparer.Ordinal))
        {
            return kindActions is not null;
        }

        problems.Add($"{field}: '{action}' is not an action of kind '{kind}' (its actions: {string.Join(", ", kindActions)})");
        return false;
    }
}
