using GameOps.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Api;

/// <summary>
/// A page of a list the API reads whole from a grain (hosts, members, API keys, invites, alert rules, schedules): the
/// same opaque <c>cursor</c> and <c>limit</c> as the stored listings. A page continues after the last item of the one
/// before, located by its id, or, when that item is gone, by its (time, id) in a list in that order; items added
/// meanwhile come at the end, so none is listed twice or skipped.
/// </summary>
public sealed record ListPage(int Limit, DateTimeOffset AfterAt, string? AfterId)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The page asked for, or null with a field error for a bad <c>limit</c> or <c>cursor</c>.</summary>
    public static ListPage? Read(string? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (!QueryValues.TryReadWholeNumber(limit, out var wanted) || wanted is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        }

        var at = default(DateTimeOffset);
        string? id = null;
        if (!string.IsNullOrEmpty(cursor) && !KeysetCursorText.TryDecodeTextId(cursor, out at, out id))
        {
            errors["cursor"] = ["The cursor is not one this API gave out; pass nextCursor from the previous page unchanged."];
        }

        return errors.Count > 0 ? null : new ListPage(wanted ?? DefaultLimit, at, id);
    }

    /// <summary>
    /// Reads <c>limit</c> and <c>cursor</c> (a bad one answers 400 naming it, before anything is read), then the whole list,
    /// and answers its page.
    /// </summary>
    /// <param name="at">When each item was added; null for a list kept in the order items were added, none ever removed.</param>
    public static async Task<Results<Ok<TPage>, ValidationProblem>> AnswerAsync<T, TPage>(
        string? limit, string? cursor, Func<Task<IEnumerable<T>>> list, Func<T, string> id, Func<T, DateTimeOffset>? at, Func<T[], string?, TPage> toPage)
    {
        var errors = new Dictionary<string, string[]>();
        if (Read(limit, cursor, errors) is not { } page)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (pageItems, next) = page.OfUnordered(await list(), id, at);
        return TypedResults.Ok(toPage(pageItems, next));
    }

    /// <summary>
    /// Reads <c>limit</c> and <c>cursor</c> (a bad one answers 400 naming it, before anything is read), then answers the page
    /// <paramref name="read"/> gives: for a list whose page the web console reads with the same code.
    /// </summary>
    public static async Task<Results<Ok<TPage>, ValidationProblem>> AnswerAsync<T, TPage>(
        string? limit, string? cursor, Func<ListPage, Task<(T[] Items, string? NextCursor)>> read, Func<T[], string?, TPage> toPage)
    {
        var errors = new Dictionary<string, string[]>();
        if (Read(limit, cursor, errors) is not { } page)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (items, next) = await read(page);
        return TypedResults.Ok(toPage(items, next));
    }

    /// <summary>This page of <paramref name="items"/> put in order by (<paramref name="at"/>, <paramref name="id"/>), or as they are when <paramref name="at"/> is null.</summary>
    public (T[] Items, string? NextCursor) OfUnordered<T>(IEnumerable<T> items, Func<T, string> id, Func<T, DateTimeOffset>? at)
    {
        var ordered = at is null ? items.ToArray() : [.. items.OrderBy(at).ThenBy(id, StringComparer.Ordinal)];
        return Of(ordered, id, at ?? (_ => DateTimeOffset.MinValue));
    }

    /// <summary>This page of <paramref name="ordered"/> and the cursor of the next, null on the last.</summary>
    /// <param name="ordered">The whole list, oldest first: by (<paramref name="at"/>, <paramref name="id"/>), or in the order items were added when they are never removed.</param>
    public (T[] Items, string? NextCursor) Of<T>(IReadOnlyList<T> ordered, Func<T, string> id, Func<T, DateTimeOffset> at)
    {
        var start = 0;
        if (AfterId is { } afterId)
        {
            start = IndexOf(ordered, item => id(item) == afterId) is var seen and >= 0
                ? seen + 1
                : IndexOf(ordered, item => at(item) > AfterAt || (at(item) == AfterAt && string.CompareOrdinal(id(item), afterId) > 0)) is var later and >= 0 ? later : ordered.Count;
        }

        var items = ordered.Skip(start).Take(Limit).ToArray();
        var next = start + items.Length < ordered.Count ? KeysetCursorText.EncodeTextId(at(items[^1]), id(items[^1])) : null;
        return (items, next);
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
