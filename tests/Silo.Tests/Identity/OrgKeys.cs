using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Identity;
using GameOps.Silo.Tests.Api;

namespace GameOps.Silo.Tests.Identity;

/// <summary>Makes org API keys through the API as the platform admin, and clients that present them.</summary>
public static class OrgKeys
{
    public static async Task<(string Id, string Key)> CreateAsync(ApiFactory factory, string orgId, OrgRole role, int? expiresInDays = null)
    {
        using var admin = factory.CreateAdminClient();
        using var response = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/api-keys", new { name = $"{role} key", role = role.ToString(), expiresInDays });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("apiKey").GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    public static HttpClient ClientWith(ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
