using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Orgs;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;
using GameOps.Web.Settings;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>The settings page's lists in the silo: members, invites and API keys page as the org endpoints page them, through the same query.</summary>
public sealed class SettingsConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = GameOpsApi.Json;

    [Fact]
    public async Task Members_invites_and_api_keys_page_in_the_order_and_pages_of_the_api()
    {
        using var admin = factory.CreateAdminClient();
        for (var i = 0; i < 3; i++)
        {
            await factory.MemberAsync(OrgRole.Viewer);
            (await admin.PostAsJsonAsync($"/api/v1/orgs/{OrgIds.Default}/invites", new CreateInviteRequest(OrgRole.Viewer, 24), Json)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/api/v1/orgs/{OrgIds.Default}/api-keys", new CreateApiKeyRequest($"key {i}", OrgRole.Viewer, null), Json)).EnsureSuccessStatusCode();
        }

        var owner = await factory.MemberAsync(OrgRole.Owner);
        using var scope = factory.Services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<ISettingsConsole>();

        var members = await ReadAllAsync((cursor, limit) => console.ListMembersAsync(owner, OrgIds.Default, cursor, limit), m => m.UserId);
        var invites = await ReadAllAsync((cursor, limit) => console.ListInvitesAsync(owner, OrgIds.Default, cursor, limit), i => i.Id);
        var keys = await ReadAllAsync((cursor, limit) => console.ListApiKeysAsync(owner, OrgIds.Default, cursor, limit), k => k.Id);

        Assert.Equal(await admin.ApiPageIdsAsync($"/api/v1/orgs/{OrgIds.Default}/members", "members", "userId"), members);
        Assert.Equal(await admin.ApiPageIdsAsync($"/api/v1/orgs/{OrgIds.Default}/invites", "invites", "id"), invites);
        Assert.Equal(await admin.ApiPageIdsAsync($"/api/v1/orgs/{OrgIds.Default}/api-keys", "apiKeys", "id"), keys);
        Assert.All([members, invites, keys], pages => Assert.True(pages.Length >= 2, "each list spans pages"));
    }

    [Fact]
    public async Task A_cursor_the_api_did_not_give_out_and_a_viewer_reading_invites_are_refused()
    {
        using var scope = factory.Services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<ISettingsConsole>();
        var viewer = await factory.MemberAsync(OrgRole.Viewer);

        await Assert.ThrowsAsync<ConsoleInputException>(() => console.ListMembersAsync(viewer, OrgIds.Default, "not-a-cursor", 2));
        await Assert.ThrowsAsync<ConsoleRefusedException>(() => console.ListInvitesAsync(viewer, OrgIds.Default, null, 2));
    }

    private static async Task<string[][]> ReadAllAsync<T>(Func<string?, int, Task<ConsolePage<T>>> read, Func<T, string> id)
    {
        var pages = new List<string[]>();
        string? cursor = null;
        do
        {
            var page = await read(cursor, 2);
            pages.Add([.. page.Items.Select(id)]);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return [.. pages];
    }
}
