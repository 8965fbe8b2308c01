using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Silo.Api;

namespace GameOps.Silo.Audit;

/// <summary>The query string of the audit listing, read into an <see cref="AuditQuery"/> or a field error per bad value.</summary>
public sealed record AuditFilter(string? Target, string? Actor, string? From, string? To, string? Cursor, string? Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxTargetLength = 256;
    public const int MaxActorLength = 128;

    /// <summary>The query, or null with <paramref name="errors"/> naming every bad field.</summary>
    public AuditQuery? ToQuery(string orgId, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.TryReadWholeNumber(Limit, out var limit) || limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        }

        if (Target is { } target && (target.Length > MaxTargetLength || TextRules.HasControlCharacters(target) || target.EndsWith('/')))
        {
            errors["target"] = [$"A target is at most {MaxTargetLength} printable characters, such as host/{{id}} or job/{{id}}, without a trailing '/'."];
        }

        if (Actor is { } actor && (actor.Length > MaxActorLength || TextRules.HasControlCharacters(actor)))
        {
            errors["actor"] = [$"An actor is at most {MaxActorLength} printable characters."];
        }

        var (from, to) = QueryValues.ReadTimeRange(From, To, errors);

        AuditCursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && !AuditCursor.TryDecode(Cursor, out after))
        {
            errors["cursor"] = ["The cursor is not one this API gave out; pass nextCursor from the previous page unchanged."];
        }

        return errors.Count > 0
            ? null
            : new AuditQuery(orgId, limit ?? DefaultLimit, NullIfEmpty(Target), NullIfEmpty(Actor), from, to, after);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
