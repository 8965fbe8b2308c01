using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Shell;

public sealed class PagedListTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_item_put_shows_in_its_place_within_what_was_read_and_one_further_on_comes_with_more_once()
    {
        var stored = new List<string> { "a", "c", "e", "g" };
        var list = new PagedList<string>(cursor => PageAfter(stored, cursor), id => id, addedAt: null);
        await list.ReadFirstAsync();

        stored.AddRange(["b", "d"]);
        stored.Sort(StringComparer.Ordinal);
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
    public async Task An_item_put_in_a_list_read_oldest_first_lands_where_the_pages_order_puts_it_and_is_listed_once()
    {
        var stored = new List<Dated> { new("k", At), new("c", At.AddMinutes(1)), new("a", At.AddMinutes(2)), new("m", At.AddMinutes(3)) };
        var list = new PagedList<Dated>(cursor => PageOldestFirst(stored, cursor), d => d.Id, d => d.At);
        await list.ReadFirstAsync();

        // Made just now, so after the last page: it comes with More, once.
        var made = new Dated("b", At.AddMinutes(4));
        stored.Add(made);
        Assert.False(list.Put(made));

        // Older than the last one shown: in its place, though its id sorts first.
        var older = new Dated("z", At.AddSeconds(30));
        stored.Add(older);
        Assert.True(list.Put(older));
        Assert.Equal(["k", "z", "c"], list.Items.Select(d => d.Id));

        await list.ReadMoreAsync();
        await list.ReadMoreAsync();
        Assert.False(list.HasMore);
        Assert.Equal(["k", "z", "c", "a", "m", "b"], list.Items.Select(d => d.Id));

        var renamed = made with { Name = "renamed" };
        Assert.True(list.Put(renamed));
        var last = new Dated("0", At.AddMinutes(5));
        Assert.True(list.Put(last));

        Assert.Equal(["k", "z", "c", "a", "m", "b", "0"], list.Items.Select(d => d.Id));
        Assert.Equal("renamed", list.Find("b")!.Name);
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
        }, id => id, addedAt: null);
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

    // Two a page by (time, id) after the item the cursor names, as the members', invites', keys' and schedules' endpoints page.
    private static Task<ConsolePage<Dated>> PageOldestFirst(List<Dated> stored, string? cursor)
    {
        var ordered = stored.OrderBy(d => d.At).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        var after = cursor is null ? ordered : ordered.SkipWhile(d => d.Id != cursor).Skip(1).ToList();
        var page = after.Take(2).ToList();
        return Task.FromResult(new ConsolePage<Dated>(page, after.Count > 2 ? page[^1].Id : null));
    }

    private sealed record Dated(string Id, DateTimeOffset At, string Name = "");
}
