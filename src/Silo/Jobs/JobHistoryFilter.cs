using GameOps.Grains;
using GameOps.Grains.Jobs;
using GameOps.Silo.Api;
using GameOps.AgentProtocol;

namespace GameOps.Silo.Jobs;

/// <summary>The query string of the job listings, read into a <see cref="JobHistoryQuery"/> or a field error per bad value.</summary>
public sealed record JobHistoryFilter(string? State, string? Action, string? Actor, string? From, string? To, string? Cursor, string? Limit)
{
    public const int DefaultLimit = 50;

    /// <summary>The query, or null with <paramref name="errors"/> naming every bad field.</summary>
    public JobHistoryQuery? ToQuery(string orgId, string? hostId, string? serverId, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.TryReadWholeNumber(Limit, out var limit) || limit is < 1 or > JobLimits.RecentJobsPerHost)
        {
            errors["limit"] = [$"The limit must be between 1 and {JobLimits.RecentJobsPerHost}."];
        }

        if (!QueryValues.TryReadName<JobState>(State, out var state))
        {
            errors["state"] = [$"Unknown state '{State}'. States: {string.Join(", ", Enum.GetNames<JobState>())}."];
        }

        if (Action is { Length: > 0 } action && !GameActions.All.Contains(action))
        {
            errors["action"] = [$"Unknown action '{action}'."];
        }

        if (Actor is { Length: > 128 } || (Actor is { } actor && TextRules.HasControlCharacters(actor)))
        {
            errors["actor"] = ["An actor is at most 128 printable characters."];
        }

        var (from, to) = QueryValues.ReadTimeRange(From, To, errors);

        JobHistoryCursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && !JobHistoryCursor.TryDecode(Cursor, out after))
        {
            errors["cursor"] = ["The cursor is not one this API gave out; pass nextCursor from the previous page unchanged."];
        }

        return errors.Count > 0
            ? null
            : new JobHistoryQuery(orgId, limit ?? DefaultLimit, hostId, serverId, state, NullIfEmpty(Action), NullIfEmpty(Actor), from, to, after);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
