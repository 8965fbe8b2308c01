using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GameOps.Silo.Tests.Api;

/// <summary>
/// The lists read whole from a grain (hosts, schedules, alert rules, alerts, members, API keys, invites) page with the same
/// cursor and limit as the stored listings: stable while items come and go, and a bad cursor or limit is a 400 naming it.
/// </summary>
public sealed class ListPagingTests(ListPagingTests.PagingFactory factory) : IClassFixture<ListPagingTests.PagingFactory>
{
    public static TheoryData<string> Lists =>
    [
        "/api/v1/hosts",
        "/api/v1/schedules",
        "/api/v1/alert-rules",
        "/api/v1/alerts",
        "/api/v1/orgs/default/members",
        "/api/v1/orgs/default/api-keys",
        "/api/v1/orgs/default/invites",
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_cursor_this_api_did_not_give_out_is_a_400_naming_cursor(string list)
    {
        using var admin = factory.CreateAdminClient();

        foreach (var cursor in new[] { "not-a-cursor", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new string('A', 300) })
        {
            using var response = await admin.GetAsync($"{list}?cursor={cursor}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["cursor"], await ErrorFieldsAsync(response));
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_limit_outside_1_to_200_is_a_400_naming_limit(string list)
    {
        using var admin = factory.CreateAdminClient();

        foreach (var limit in new[] { "0", "201", "-1", "ten" })
        {
            using var response = await admin.GetAsync($"{list}?limit={limit}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["limit"], await ErrorFieldsAsync(response));
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{list}?limit=200")).StatusCode);
    }

    [Fact]
    public async Task Hosts_added_while_paging_come_at_the_end_and_no_host_is_listed_twice_or_skipped()
    {
        using var admin = factory.CreateAdminClient();
        var before = await ReadAllAsync(admin, "/api/v1/hosts", "hosts", limit: 200);
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateAsync(admin, "/api/v1/hosts", new { name = $"Paged {i}" }, r => r.GetProperty("host")));
        }

        var (first, cursor) = await ReadPageAsync(admin, $"/api/v1/hosts?limit=2&cursor=", "hosts");
        var listed = new List<string>(first);
        for (var i = 5; i < 8; i++)
        {
            created.Add(await CreateAsync(admin, "/api/v1/hosts", new { name = $"Paged {i}" }, r => r.GetProperty("host")));
        }

        while (cursor is not null)
        {
            var (page, next) = await ReadPageAsync(admin, $"/api/v1/hosts?limit=2&cursor={Uri.EscapeDataString(cursor)}", "hosts");
            Assert.InRange(page.Count, 1, 2);
            listed.AddRange(page);
            cursor = next;
        }

        Assert.Equal([.. before, .. created], listed);
    }

    [Fact]
    public async Task Rules_paged_while_the_cursors_own_rule_is_deleted_and_others_are_added_list_each_remaining_rule_once()
    {
        using var admin = factory.CreateAdminClient();
        var before = await ReadAllAsync(admin, "/api/v1/alert-rules", "rules", limit: 200);
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateRuleAsync(admin, i));
        }

        var (first, cursor) = await ReadPageAsync(admin, $"/api/v1/alert-rules?limit={before.Count + 2}", "rules");
        var listed = new List<string>(first);
        // The rule the cursor names goes away: the next page starts where it stood.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/alert-rules/{first[^1]}")).StatusCode);
        for (var i = 5; i < 7; i++)
        {
            created.Add(await CreateRuleAsync(admin, i));
        }

        while (cursor is not null)
        {
            var (page, next) = await ReadPageAsync(admin, $"/api/v1/alert-rules?limit=2&cursor={Uri.EscapeDataString(cursor)}", "rules");
            listed.AddRange(page);
            cursor = next;
        }

        Assert.Equal([.. before, .. created], listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    private static async Task<string> CreateRuleAsync(HttpClient admin, int i) =>
        await CreateAsync(admin, "/api/v1/alert-rules", new { name = $"Paged rule {i}", kind = "HostOffline", forSeconds = 60 }, r => r);

    private static async Task<string> CreateAsync(HttpClient admin, string path, object body, Func<JsonElement, JsonElement> item)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return item(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();
    }

    private static async Task<List<string>> ReadAllAsync(HttpClient admin, string path, string field, int limit)
    {
        var (items, next) = await ReadPageAsync(admin, $"{path}?limit={limit}", field);
        Assert.Null(next);
        return items;
    }

    private static async Task<(List<string> Ids, string? NextCursor)> ReadPageAsync(HttpClient admin, string path, string field)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>(path);
        var next = page.GetProperty("nextCursor");
        return ([.. page.GetProperty(field).EnumerateArray().Select(i => i.GetProperty("id").ToString())], next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    /// <summary>The silo with the rate limits out of reach: the theories walk every list many times.</summary>
    public sealed class PagingFactory : ApiFactory
    {
        public PagingFactory() => WithoutRateLimits = true;
    }
}
