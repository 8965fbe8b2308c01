namespace GameOps.AgentProtocol.Policy;

/// <summary>
/// The safety policy of one game server: which actions may run and with what arguments. The host's config file
/// gives one, the control plane may send a narrower one, and the agent runs jobs under their intersection
/// (<see cref="Narrow"/>). Pure and shared: the agent checks every job with <see cref="Check"/>, and the control plane
/// checks a job up front against the effective policy the agent last reported, so both refuse with the same words.
/// </summary>
public sealed class ServerPolicy
{
    /// <summary>The start of every refusal, so a reader knows a rule, not a fault, stopped the job.</summary>
    public const string RefusalPrefix = "refused by policy: ";

    /// <summary>A policy that restricts nothing (what the control plane sends when it narrows nothing).</summary>
    public static ServerPolicy Unrestricted { get; } = new();

    /// <summary>The actions allowed; null when this policy does not restrict actions by name.</summary>
    public IReadOnlyList<string>? AllowedActions { get; init; }

    /// <summary>Only <see cref="GameActions.ReadOnly"/> actions run.</summary>
    public bool ReadOnly { get; init; }

    public IReadOnlyList<ArgumentLimit> ArgumentLimits { get; init; } = [];

    /// <summary>A <see cref="GameActions.ConsoleRaw"/> command that any of these matches is refused.</summary>
    public IReadOnlyList<PolicyPattern> ConsoleDenyPatterns { get; init; } = [];

    /// <summary>At most one per action.</summary>
    public IReadOnlyList<RateLimit> RateLimits { get; init; } = [];

    /// <summary>Whether the policy's name and mode rules let <paramref name="action"/> run at all (its arguments aside).</summary>
    public bool Allows(string action) =>
        (AllowedActions is null || AllowedActions.Contains(action, StringComparer.Ordinal)) && (!ReadOnly || GameActions.IsReadOnly(action));

    /// <summary>
    /// Why this policy refuses <paramref name="action"/> with <paramref name="arguments"/>, starting with
    /// <see cref="RefusalPrefix"/>; null when it allows it. Rate limits are the agent's to count and are not checked here.
    /// </summary>
    public string? Check(string action, IReadOnlyDictionary<string, string> arguments)
    {
        if (AllowedActions is not null && !AllowedActions.Contains(action, StringComparer.Ordinal))
        {
            return AllowedActions.Count == 0
                ? $"{RefusalPrefix}action '{action}' is not allowed: this server allows no actions"
                : $"{RefusalPrefix}action '{action}' is not allowed (allowed: {string.Join(", ", AllowedActions)})";
        }

        if (ReadOnly && !GameActions.IsReadOnly(action))
        {
            return $"{RefusalPrefix}read-only mode allows only {string.Join(", ", GameActions.ReadOnly.Order(StringComparer.Ordinal))}, not '{action}'";
        }

        foreach (var limit in ArgumentLimits)
        {
            if (!string.Equals(limit.Action, action, StringComparison.Ordinal) || !arguments.TryGetValue(limit.Argument, out var value))
            {
                continue;
            }

            if (value.Length > limit.MaxLength)
            {
                return $"{RefusalPrefix}argument '{limit.Argument}' of {action} is {value.Length} characters, more than the limit of {limit.MaxLength}";
            }

            foreach (var pattern in limit.Patterns)
            {
                switch (pattern.IsMatch(value))
                {
                    case false:
                        return $"{RefusalPrefix}argument '{limit.Argument}' of {action} does not match the pattern '{pattern.Source}'";
                    case null:
                        return $"{RefusalPrefix}argument '{limit.Argument}' of {action}: the pattern '{pattern.Source}' took too long to match";
                }
            }
        }

        if (string.Equals(action, GameActions.ConsoleRaw, StringComparison.Ordinal)
            && arguments.TryGetValue(GameActions.ConsoleRawCommand, out var command))
        {
            foreach (var pattern in ConsoleDenyPatterns)
            {
                switch (pattern.IsMatch(command))
                {
                    case true:
                        return $"{RefusalPrefix}console.raw deny pattern '{pattern.Source}' matched";
                    case null:
                        return $"{RefusalPrefix}console.raw deny pattern '{pattern.Source}' took too long to match";
                }
            }
        }

        return null;
    }

    /// <summary>The rate limit for <paramref name="action"/>, or null when it has none.</summary>
    public RateLimit? RateLimitFor(string action) =>
        RateLimits.FirstOrDefault(limit => string.Equals(limit.Action, action, StringComparison.Ordinal));

    /// <summary>
    /// The intersection of this policy and <paramref name="other"/>: it allows a job exactly when both do, and its rate
    /// limits are at least as strict as each one's. Never wider than either, whatever <paramref name="other"/> holds.
    /// </summary>
    public ServerPolicy Narrow(ServerPolicy other)
    {
        IReadOnlyList<string>? allowed = (AllowedActions, other.AllowedActions) switch
        {
            (null, null) => null,
            (null, var theirs) => [.. theirs.Distinct(StringComparer.Ordinal)],
            (var ours, null) => [.. ours.Distinct(StringComparer.Ordinal)],
            var (ours, theirs) => [.. ours.Where(a => theirs.Contains(a, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)],
        };

        return new ServerPolicy
        {
            AllowedActions = allowed,
            ReadOnly = ReadOnly || other.ReadOnly,
            ArgumentLimits = MergeArgumentLimits(ArgumentLimits.Concat(other.ArgumentLimits)),
            ConsoleDenyPatterns = [.. ConsoleDenyPatterns.Concat(other.ConsoleDenyPatterns).Distinct()],
            RateLimits = MergeRateLimits(RateLimits.Concat(other.RateLimits)),
        };
    }

    private static List<ArgumentLimit> MergeArgumentLimits(IEnumerable<ArgumentLimit> limits) =>
    [
        .. limits
            .GroupBy(limit => (limit.Action, limit.Argument))
            .Select(group => new ArgumentLimit(
                group.Key.Action,
                group.Key.Argument,
                group.Min(limit => limit.MaxLength),
                [.. group.SelectMany(limit => limit.Patterns).Distinct()])),
    ];

    // Two buckets both admitting a job is at least as strict as one with the smaller burst and the slower refill.
    private static List<RateLimit> MergeRateLimits(IEnumerable<RateLimit> limits) =>
    [
        .. limits
            .GroupBy(limit => limit.Action, StringComparer.Ordinal)
            .Select(group => new RateLimit(group.Key, group.Min(limit => limit.Burst), group.Min(limit => limit.PerMinute))),
    ];
}
