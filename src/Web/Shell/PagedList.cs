namespace GameOps.Web.Shell;

/// <summary>
/// A list the console reads a page at a time through its REST endpoint's paging (<b>More</b> reads the next page after the
/// last one shown), in the endpoint's order: by when each item was added, then by id, as the API's cursors page. Each page
/// keeps the cursor it was read with, so one page can be read again in place.
/// </summary>
/// <param name="addedAt">When each item was added; null for a list ordered by id alone (the alerts).</param>
public sealed class PagedList<T>(Func<string?, Task<ConsolePage<T>>> read, Func<T, string> idOf, Func<T, DateTimeOffset>? addedAt)
{
    private readonly List<(string? Cursor, List<T> Items)> _pages = [];

    // Counts first reads: a page read across the latest first read belongs to a list no longer shown.
    private int _generation;

    public IReadOnlyList<T> Items { get; private set; } = [];

    /// <summary>Reads the page after the last one shown; null on the last.</summary>
    public string? NextCursor { get; private set; }

    public bool HasMore => NextCursor is not null;

    public async Task ReadFirstAsync()
    {
        var generation = ++_generation;
        var page = await read(null);
        if (generation != _generation)
        {
            return;
        }

        _pages.Clear();
        _pages.Add((null, [.. page.Items]));
        NextCursor = page.NextCursor;
        Show();
    }

    public async Task ReadMoreAsync()
    {
        if (NextCursor is not { } cursor)
        {
            return;
        }

        var generation = _generation;
        var page = await read(cursor);
        if (generation != _generation || cursor != NextCursor)
        {
            return;
        }

        _pages.Add((cursor, [.. page.Items]));
        NextCursor = page.NextCursor;
        Show();
    }

    public T? Find(string id) => Items.FirstOrDefault(i => idOf(i) == id);

    /// <summary>
    /// Shows an item that arrived whole (an event's, or one just made or changed): in place of the one with its id, else in
    /// its place in the list's order when that falls within what was read (one further on comes with More, so none is shown
    /// twice); true when the list changed.
    /// </summary>
    public bool Put(T item)
    {
        if (Find(idOf(item)) is not null)
        {
            Replace(item);
            return true;
        }

        if (_pages.Count == 0 || (NextCursor is not null && (Items.Count == 0 || Compare(item, Items[^1]) > 0)))
        {
            return false;
        }

        var page = _pages.FindIndex(p => p.Items.Exists(i => Compare(i, item) > 0));
        var items = _pages[page < 0 ? _pages.Count - 1 : page].Items;
        var at = items.FindIndex(i => Compare(i, item) > 0);
        items.Insert(at < 0 ? items.Count : at, item);
        Show();
        return true;
    }

    /// <summary>Reads again the page that shows <paramref name="item"/>, for a change the caller has no copy of.</summary>
    public async Task ReadAgainAsync(T item)
    {
        var index = _pages.FindIndex(p => p.Items.Exists(i => idOf(i) == idOf(item)));
        if (index < 0)
        {
            return;
        }

        var generation = _generation;
        var page = await read(_pages[index].Cursor);
        if (generation != _generation)
        {
            return;
        }

        _pages[index] = (_pages[index].Cursor, [.. page.Items]);
        if (index == _pages.Count - 1)
        {
            NextCursor = page.NextCursor;
        }

        Show();
    }

    /// <summary>
    /// Reads the last page shown again, for items made elsewhere: they sort last, so they show when the whole list is
    /// shown, and otherwise come with More.
    /// </summary>
    public async Task ReadLastAgainAsync()
    {
        if (_pages.Count == 0)
        {
            await ReadFirstAsync();
            return;
        }

        var (generation, cursor) = (_generation, _pages[^1].Cursor);
        var page = await read(cursor);
        if (generation != _generation)
        {
            return;
        }

        _pages[^1] = (cursor, [.. page.Items]);
        NextCursor = page.NextCursor;
        Show();
    }

    private void Replace(T item)
    {
        foreach (var (_, items) in _pages)
        {
            var index = items.FindIndex(i => idOf(i) == idOf(item));
            if (index >= 0)
            {
                items[index] = item;
            }
        }

        Show();
    }

    /// <summary>Takes the item off the list; true when it was shown.</summary>
    public bool Remove(string id)
    {
        var removed = 0;
        foreach (var (_, items) in _pages)
        {
            removed += items.RemoveAll(i => idOf(i) == id);
        }

        Show();
        return removed > 0;
    }

    private int Compare(T x, T y) =>
        (addedAt is null ? 0 : addedAt(x).CompareTo(addedAt(y))) is var byTime and not 0 ? byTime : string.CompareOrdinal(idOf(x), idOf(y));

    // A page read again may bring an item a later page shows too (one that moved): it is shown once, where first read.
    private void Show() => Items = [.. _pages.SelectMany(p => p.Items).DistinctBy(idOf)];
}
