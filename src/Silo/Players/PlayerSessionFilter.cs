using GameOps.Grains.Players;
using GameOps.Silo.Api;

namespace GameOps.Silo.Players;

/// <summary>The query string of the sessions listing, read into a <see cref="PlayerSessionQuery"/> or a field error per bad value.</summary>
public sealed record PlayerSessionFilter(string? From, string? To, string? Cursor, string? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The query, or null with <paramref name="errors"/> naming every bad field.</summary>
    public PlayerSessionQuery? ToQuery(string orgId, string hostId, string serverId, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.TryReadWholeNumber(Limit, out var limit) || limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        }

        var (from, to) = QueryValues.ReadTimeRange(From, To, errors);

        PlayerSessionCursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && !PlayerSessionCursor.TryDecode(Cursor, out after))
        {
            errors["cursor"] = ["The cursor is not one this API gave out; pass nextCursor from the previous page unchanged."];
        }

        return errors.Count > 0 ? null : new PlayerSessionQuery(orgId, hostId, serverId, limit ?? DefaultLimit, from, to, after);
    }
}
