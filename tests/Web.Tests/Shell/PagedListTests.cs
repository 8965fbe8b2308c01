using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Shell;

public sealed class PagedListTests
{
    private static readonly IComparer<string> Ordinal = StringComparer.Ordinal;

    [Fact]
    public async Task An_item_put_shows_in_its_place_within_what_was_read_and_one_further_on_comes_with_more_once()
    {
        var stored = new List<string> { "a", "c", "e", "g" };
        var list = new PagedList<string>(cursor => PageAfter(stored, cursor), id => id, Ordinal);
        await list.ReadFirstAsync();

        stored.AddRange(["b", "d"]);
        stored.Sort(Ordinal);
        Assert.True(list.Put("b"));
        Assert.False(list.Put("d"));
        Assert.Equal(["a", "b", "c"], list.Items);

        await list.ReadMoreAsync();
        await list.ReadMoreAsync();
        Assert.False(list.HasMore);
        Assert.True(list.Put("h"));

        Assert.Equal(["a", "b", "c", "d", "e", "g", "h"], list.Items);
    }

    [Fact]
    public async Task A_page_of_more_read_across_a_new_first_read_is_dropped()
    {
        var stored = new List<string> { "a", "b", "c", "d", "e" };
        var held = new TaskCompletionSource();
        var list = new PagedList<string>(async cursor =>
        {
            if (cursor is not null)
            {
                await held.Task;
            }

            return await PageAfter(stored, cursor);
        }, id => id, Ordinal);
        await list.ReadFirstAsync();

        var more = list.ReadMoreAsync();
        stored.Remove("a");
        await list.ReadFirstAsync();
        held.SetResult();
        await more.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["b", "c"], list.Items);
        Assert.Equal("c", list.NextCursor);
    }

    // Two a page after the cursor, the last id of the page before, as the alerts endpoint pages by id.
    private static Task<ConsolePage<string>> PageAfter(List<string> stored, string? cursor)
    {
        var after = stored.Where(id => cursor is null || string.CompareOrdinal(id, cursor) > 0).ToList();
        var page = after.Take(2).ToList();
        return Task.FromResult(new ConsolePage<string>(page, after.Count > 2 ? page[^1] : null));
    }
}
