namespace GameOps.Web.Shell;

/// <summary>
/// A list the console reads a page at a time through its REST endpoint's paging (oldest first; <b>More</b> reads the next
/// page after the last one shown). Each page keeps the cursor it was read with, so one page can be read again in place.
/// </summary>
public sealed class PagedList<T>(Func<string?, Task<ConsolePage<T>>> read, Func<T, string> idOf)
{
    private readonly List<(string? Cursor, List<T> Items)> _pages = [];

    public IReadOnlyList<T> Items { get; private set; } = [];

    /// <summary>Reads the page after the last one shown; null on the last.</summary>
    public string? NextCursor { get; private set; }

    public bool HasMore => NextCursor is not null;

    public async Task ReadFirstAsync()
    {
        var page = await read(null);
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

        var page = await read(cursor);
        _pages.Add((cursor, [.. page.Items]));
        NextCursor = page.NextCursor;
        Show();
    }

    /// <summary>Reads again the page that shows <paramref name="item"/>, for a change the caller has no copy of.</summary>
    public async Task ReadAgainAsync(T item)
    {
        var index = _pages.FindIndex(p => p.Items.Exists(i => idOf(i) == idOf(item)));
        if (index < 0)
        {
            return;
        }

        var page = await read(_pages[index].Cursor);
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

        var cursor = _pages[^1].Cursor;
        var page = await read(cursor);
        _pages[^1] = (cursor, [.. page.Items]);
        NextCursor = page.NextCursor;
        Show();
    }

    /// <summary>
    /// An item just made: it sorts last, so it is shown when the whole list is, and otherwise comes with the last page's
    /// More.
    /// </summary>
    public void Added(T item)
    {
        if (NextCursor is null && _pages.Count > 0)
        {
            _pages[^1].Items.Add(item);
            Show();
        }
    }

    public void Replace(T item)
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

    public void Remove(string id)
    {
        foreach (var (_, items) in _pages)
        {
            items.RemoveAll(i => idOf(i) == id);
        }

        Show();
    }

    // A page read again may bring an item a later page shows too (one that moved): it is shown once, where first read.
    private void Show() => Items = [.. _pages.SelectMany(p => p.Items).DistinctBy(idOf)];
}
