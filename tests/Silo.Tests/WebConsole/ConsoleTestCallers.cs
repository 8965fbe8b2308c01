using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GameOps.Grains;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.WebConsole;

/// <summary>Who the console-service tests call as, and a list as the REST API pages it, to compare the console's pages with.</summary>
internal static class ConsoleTestCallers
{
    /// <summary>A user of the default org with <paramref name="role"/> (and per-server grants), as a signed-in console user's principal.</summary>
    public static async Task<ClaimsPrincipal> MemberAsync(this ApiFactory factory, OrgRole role, IDictionary<string, ServerPermissions>? servers = null)
    {
        var userId = $"u{Guid.NewGuid():N}";
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrgGrain>(OrgIds.Default).SetMemberAsync(new SetMember(
            userId, role, servers?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, ServerPermissions>.Empty, null,
            new Actor(ActorKind.Api, "test")));
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(GameOpsClaims.UserId, userId), new Claim(ClaimTypes.NameIdentifier, $"user:{userId}")], "test"));
    }

    /// <summary>The ids of every page of <paramref name="path"/>, two items a page, following <c>nextCursor</c>.</summary>
    public static async Task<string[][]> ApiPageIdsAsync(this HttpClient client, string path, string items, string id = "id")
    {
        var pages = new List<string[]>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{path}{separator}limit=2&cursor={Uri.EscapeDataString(cursor ?? "")}");
            pages.Add([.. page.GetProperty(items).EnumerateArray().Select(item => item.GetProperty(id).GetString()!)]);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return [.. pages];
    }
}
